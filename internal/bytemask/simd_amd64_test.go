//go:build !purego

package bytemask

// SSE2 is tested as well where the default is AVX2.
func init() {
	if avx2 := useAVX2; avx2 {
		simdVersions = append(simdVersions, simdVersion{"sse2", func() func() {
			useAVX2 = false
			return func() { useAVX2 = avx2 }
		}})
	}
}
