// Command perftable writes the README's performance table from benchstat's CSV summary of a
// run of the bench module's benchmarks. bench/perf.sh runs it; by hand:
//
//	go test -run '^$' -bench . -count 6 > results/latest.txt
//	benchstat -format csv -col /impl results/latest.txt > /tmp/latest.csv
//	go run ./cmd/perftable -csv /tmp/latest.csv -readme ../README.md
//
// Every benchmark is Benchmark<Row>/impl=<name>, so benchstat's -col /impl puts the cwfilter
// implementation of a row and its baselines side by side. benchstat supplies every median and
// confidence interval; perftable only divides medians of the same run into ratios, checks the
// targets and formats the table. The header comes from the configuration lines ("key: value")
// that bench/perf.sh and the benchmarks' TestMain write at the top of the results, which
// benchstat repeats above its CSV.
//
// The README is rewritten between the lines <!-- perf:begin --> and <!-- perf:end -->; -o -
// prints the block instead.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	csvPath := flag.String("csv", "-", "benchstat -format csv -col /impl output (- for stdin)")
	readme := flag.String("readme", "../README.md", "README to rewrite between the perf markers")
	out := flag.String("o", "", "write the generated block to this file instead (- for stdout)")
	cis := flag.String("cis", "../testdata/conformance/cis-patterns.jsonl", "CIS patterns, to name the costliest member")
	flag.Parse()
	if err := run(*csvPath, *readme, *out, *cis); err != nil {
		fmt.Fprintln(os.Stderr, "perftable:", err)
		os.Exit(1)
	}
}

func run(csvPath, readme, out, cisPath string) error {
	var in io.Reader = os.Stdin
	if csvPath != "-" {
		f, err := os.Open(csvPath)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	res, err := parse(in)
	if err != nil {
		return err
	}
	controls, err := cisControls(cisPath)
	if err != nil {
		return err
	}
	block := render(res, controls)
	switch out {
	case "-":
		_, err = os.Stdout.WriteString(block)
		return err
	case "":
	default:
		return os.WriteFile(out, []byte(block), 0o644)
	}
	old, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	updated, err := replaceBlock(string(old), block)
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	return os.WriteFile(readme, []byte(updated), 0o644)
}

const (
	beginMarker = "<!-- perf:begin -->"
	endMarker   = "<!-- perf:end -->"
)

// replaceBlock replaces what lies between the perf markers' lines of readme with block.
func replaceBlock(readme, block string) (string, error) {
	b := strings.Index(readme, beginMarker+"\n")
	e := strings.Index(readme, endMarker)
	if b < 0 || e < b {
		return "", errors.New("no " + beginMarker + " … " + endMarker + " block")
	}
	b += len(beginMarker) + 1
	return readme[:b] + block + readme[e:], nil
}

// A stat is benchstat's summary of one benchmark and unit: the median and the confidence
// interval as benchstat prints it ("3%", or "∞" when there are too few runs).
type stat struct {
	median float64
	ci     string
}

// results holds benchstat's summaries by row (the benchmark name without "Benchmark" and the
// GOMAXPROCS suffix), impl and unit (sec/op, B/s, allocs/op, …), and the configuration lines.
type results struct {
	config map[string]string
	stats  map[string]map[string]map[string]stat
}

func (r *results) get(row, impl, unit string) (stat, bool) {
	s, ok := r.stats[row][impl][unit]
	return s, ok
}

var (
	configLine = regexp.MustCompile(`^([a-z][^\s:,]*): (.*)$`)
	procSuffix = regexp.MustCompile(`-\d+$`)
)

// parse reads benchstat's CSV output: configuration lines, then one table per unit, each with
// two header rows (",impl,,impl2,,,…" and ",unit,CI,unit,CI,vs base,P,…") and a row per
// benchmark; tables are separated by blank lines.
func parse(r io.Reader) (*results, error) {
	res := &results{config: map[string]string{}, stats: map[string]map[string]map[string]stat{}}
	var impls []string // impl of each column of the current table
	var units []string // kind of each column: a unit (the median), "CI", "vs base" or "P"
	header := 0        // header rows of the current table read so far
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			header = 0
			continue
		}
		fields, err := splitCSV(line)
		if err != nil {
			return nil, err
		}
		// A configuration line is one CSV field (quoted when it holds a comma).
		if len(fields) == 1 && header == 0 {
			if m := configLine.FindStringSubmatch(fields[0]); m != nil {
				res.config[m[1]] = strings.TrimSpace(m[2])
				continue
			}
		}
		switch {
		case header == 0:
			if fields[0] != "" {
				return nil, fmt.Errorf("expected a table header, got %q", line)
			}
			impls = make([]string, len(fields))
			for i, f := range fields {
				if f != "" || i == 0 {
					impls[i] = f
				} else {
					impls[i] = impls[i-1]
				}
			}
			header = 1
		case header == 1:
			if fields[0] != "" {
				return nil, fmt.Errorf("expected a unit header, got %q", line)
			}
			units = fields
			header = 2
		default:
			if fields[0] == "geomean" {
				continue
			}
			row := procSuffix.ReplaceAllString(fields[0], "")
			for i := 1; i < len(fields) && i < len(units) && i < len(impls); i++ {
				unit := units[i]
				if fields[i] == "" || unit == "CI" || unit == "vs base" || unit == "P" {
					continue
				}
				v, err := strconv.ParseFloat(fields[i], 64)
				if err != nil {
					return nil, fmt.Errorf("%s %s %s: %v", row, impls[i], unit, err)
				}
				s := stat{median: v}
				if i+1 < len(fields) && i+1 < len(units) && units[i+1] == "CI" {
					s.ci = fields[i+1]
				}
				if res.stats[row] == nil {
					res.stats[row] = map[string]map[string]stat{}
				}
				if res.stats[row][impls[i]] == nil {
					res.stats[row][impls[i]] = map[string]stat{}
				}
				res.stats[row][impls[i]][unit] = s
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(res.stats) == 0 {
		return nil, errors.New("no benchmark results in the benchstat output")
	}
	return res, nil
}

// splitCSV splits one CSV record (benchstat's CSV has no multi-line fields).
func splitCSV(line string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r.Read()
}

// cisControls returns the "control" field of each row of cis-patterns.jsonl, up to " — ".
func cisControls(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var row struct{ Control string }
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		name, _, _ := strings.Cut(row.Control, " — ")
		out = append(out, name)
	}
	return out, nil
}
