//go:build !amd64 || purego

package bytemask

func masks(s *Set, src []byte, dst []uint64) { masksGeneric(s, src, dst) }
