// Package loggen generates realistic space-delimited log lines for tests and benchmarks:
// Apache access logs, VPC flow logs and Lambda text logs. Output depends only on the seed,
// so benchmark runs are comparable.
package loggen

import (
	"fmt"
	"math/rand/v2"
)

// Seed is the fixed seed the benchmarks use.
const Seed = 20001010

var (
	methods = []string{"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD"}
	paths   = []string{"/", "/index.html", "/about-us/index.html", "/apache_pb.gif", "/api/v1/orders",
		"/api/v1/orders/7?expand=items", "/static/app.js", "/static/site.css", "/favicon.ico",
		"/products/index.html", "/login", "/search?q=red+shoes&page=2"}
	statuses = []int{200, 200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 500, 502, 503}
	users    = []string{"-", "-", "-", "frank", "alice", "bob"}
	agents   = []string{"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/118.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36",
		"curl/8.4.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "-"}
	referrers = []string{"-", "-", "https://example.com/", "https://example.com/cart", "https://www.google.com/"}
	months    = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func ip(r *rand.Rand) string {
	return fmt.Sprintf("%d.%d.%d.%d", 10+r.IntN(200), r.IntN(256), r.IntN(256), 1+r.IntN(254))
}

// AccessLog returns n Apache access-log lines: mostly combined format, one in five common
// format, with sizes of "-" for bodiless responses as Apache writes them.
func AccessLog(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]string, n)
	for i := range out {
		status := pick(r, statuses)
		size := fmt.Sprint(r.IntN(50000))
		if status == 204 || status == 304 {
			size = "-"
		}
		line := fmt.Sprintf(`%s - %s [%02d/%s/2023:%02d:%02d:%02d -0700] "%s %s HTTP/1.1" %d %s`,
			ip(r), pick(r, users), 1+r.IntN(28), pick(r, months), r.IntN(24), r.IntN(60), r.IntN(60),
			pick(r, methods), pick(r, paths), status, size)
		if r.IntN(5) != 0 {
			line += fmt.Sprintf(` "%s" "%s"`, pick(r, referrers), pick(r, agents))
		}
		out[i] = line
	}
	return contiguous(out)
}

// contiguous copies lines into one buffer, as a batch of events read from a stream sits in
// memory; each line's capacity ends at its length so appending to one cannot clobber the next.
func contiguous[T string | []byte](lines []T) [][]byte {
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	buf := make([]byte, 0, size)
	out := make([][]byte, len(lines))
	for i, l := range lines {
		start := len(buf)
		buf = append(buf, l...)
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}

// VPCFlow returns n VPC flow-log lines in the default (version 2) format, including
// REJECT records and NODATA/SKIPDATA records whose address fields are "-".
func VPCFlow(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 2))
	out := make([][]byte, n)
	for i := range out {
		start := 1700000000 + r.IntN(86400)
		eni := fmt.Sprintf("eni-%017x", r.Uint64()>>4)
		if r.IntN(20) == 0 {
			out[i] = fmt.Appendf(nil, "2 123456789010 %s - - - - - - - %d %d - %s",
				eni, start, start+60, pick(r, []string{"NODATA", "SKIPDATA"}))
			continue
		}
		action := "ACCEPT"
		if r.IntN(4) == 0 {
			action = "REJECT"
		}
		out[i] = fmt.Appendf(nil, "2 123456789010 %s %s %s %d %d %d %d %d %d %d %s OK",
			eni, ip(r), ip(r), 1024+r.IntN(64000), pick(r, []int{22, 80, 443, 3389, 5432}),
			pick(r, []int{6, 6, 17, 1}), 1+r.IntN(100), 40+r.IntN(100000), start, start+60, action)
	}
	return contiguous(out)
}

// Lambda returns n lines of Lambda text logs: START/END/REPORT platform lines and
// tab-separated application lines "timestamp\trequest-id\tLEVEL\tmessage".
func Lambda(n int, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, 3))
	out := make([][]byte, n)
	for i := range out {
		id := fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Uint64()>>16)
		ts := fmt.Sprintf("2024-01-%02dT%02d:%02d:%02d.%03dZ", 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000))
		switch k := r.IntN(10); {
		case k == 0:
			out[i] = fmt.Appendf(nil, "START RequestId: %s Version: $LATEST\n", id)
		case k == 1:
			out[i] = fmt.Appendf(nil, "END RequestId: %s\n", id)
		case k == 2:
			d := r.Float64() * 900
			out[i] = fmt.Appendf(nil, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 128 MB\tMax Memory Used: %d MB\t\n",
				id, d, int(d)+1, 60+r.IntN(60))
		default:
			level := pick(r, []string{"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"})
			out[i] = fmt.Appendf(nil, "%s\t%s\t%s\t%s\n", ts, id, level,
				pick(r, []string{"Processing order 42", "cache miss for key user:17", "retrying request (attempt 2)",
					`Invoke Error {"errorType":"Error","errorMessage":"boom"}`}))
		}
	}
	return contiguous(out)
}
