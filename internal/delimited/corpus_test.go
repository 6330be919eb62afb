package delimited

import (
	"testing"

	"github.com/cwfilter/cwfilter/internal/delimited/loggen"
)

// TestGeneratedCorpora runs the console's predefined formats and typical filters over
// generated lines, engine against reference, and checks each filter both keeps and drops lines.
func TestGeneratedCorpora(t *testing.T) {
	const vpc = `[version, account_id, interface_id, srcaddr != "-", dstaddr != "-", srcport != "-", dstport != "-", protocol, packets, bytes, start, end, action, log_status]`
	cases := []struct {
		lines    [][]byte
		patterns []string
	}{
		{loggen.AccessLog(3000, loggen.Seed), []string{
			"[ip, identity, user, timestamp, request, status_code=4*, size]",
			"[ip, identity, user, timestamp, request=*.html*, status_code, size>10000, referrer, agent]",
			"[..., status_code=5*, size]",
			`[ip=%^1[0-9]\.%, ...]`,
			"[ip, identity, user!=-, ...]",
		}},
		{loggen.VPCFlow(3000, loggen.Seed), []string{
			vpc,
			`[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]`,
			"[..., dstport=22 || dstport=3389, protocol=6, packets, bytes>=5000, start, end, action=REJECT, log_status]",
		}},
		{loggen.Lambda(3000, loggen.Seed), []string{
			`[timestamp=*Z, request_id="*-*", event]`,
			`[timestamp=*Z, request_id="*-*", level=ERROR || level=WARN, message]`,
			`[type=REPORT, ..., max_used>100, mb=MB]`,
		}},
	}
	for _, c := range cases {
		for _, p := range c.patterns {
			d := parse(t, p)
			m, err := Compile(d)
			if err != nil {
				t.Fatal(err)
			}
			hits := 0
			for _, l := range c.lines {
				differential(t, d, m, string(l))
				if m.Match(l) {
					hits++
				}
			}
			if hits == 0 || hits == len(c.lines) {
				t.Errorf("%s: %d of %d lines match; the filter is not exercised", p, hits, len(c.lines))
			}
		}
	}
}
