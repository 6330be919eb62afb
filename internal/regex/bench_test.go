package regex

import (
	"regexp"
	"testing"
)

// benchRows are the regexes of the README's rows, for benchmarks inside the package.
var benchRows = []struct{ name, body string }{
	{"AccessDenied", `AccessDenied|UnauthorizedOperation`},
	{"Digits12", `[0-9]{12}`},
	{"InstanceID", `i-[0-9a-f]{17}`},
	{"ConsoleFailure", `ConsoleLogin.*Failure`},
	{"DigitsDash", `\d{3}-\d{3}`},
	{"Levels", `ERROR|WARN|FATAL`},
	{"WordRoot", `\broot\b`},
	{"Anchored", `^.{2}eventVersion`},
	{"IPv4", `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}`},
	{"RootARN", `arn:aws:iam::[0-9]{12}:root`},
}

func BenchmarkRows(b *testing.B) {
	recs := records()
	size := int64(0)
	for _, r := range recs {
		size += int64(len(r))
	}
	for _, row := range benchRows {
		for _, impl := range []string{"cwfilter", "regexp"} {
			var match func([]byte) bool
			if impl == "cwfilter" {
				match = MustCompile(row.body).Match
			} else {
				match = regexp.MustCompile(row.body).Match
			}
			b.Run(row.name+"/impl="+impl, func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n = 0
					for _, r := range recs {
						if match(r) {
							n++
						}
					}
				}
				b.ReportMetric(float64(n), "matches")
			})
		}
	}
}

var extraRows = []struct{ name, body string }{
	{"AKIA", `AKIA[0-9A-Z]{16}`},
	{"Host", `[a-z0-9-]+\.amazonaws\.com`},
	{"Exception", `errorCode.{1,5}[A-Za-z]+Exception`},
	{"Bounded", `eventName.{1,40}Delete`},
	{"Status", `\s[45][0-9]{2}\s`},
}

func BenchmarkExtra(b *testing.B) {
	recs := records()
	size := int64(0)
	for _, r := range recs {
		size += int64(len(r))
	}
	for _, row := range extraRows {
		for _, impl := range []string{"cwfilter", "regexp"} {
			var match func([]byte) bool
			if impl == "cwfilter" {
				match = MustCompile(row.body).Match
			} else {
				match = regexp.MustCompile(row.body).Match
			}
			b.Run(row.name+"/impl="+impl, func(b *testing.B) {
				b.SetBytes(size)
				n := 0
				for b.Loop() {
					n = 0
					for _, r := range recs {
						if match(r) {
							n++
						}
					}
				}
				b.ReportMetric(float64(n), "matches")
			})
		}
	}
}
