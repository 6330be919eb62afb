#!/usr/bin/env bash
# bench/perf.sh regenerates the README's performance table (between <!-- perf:begin --> and
# <!-- perf:end -->) from one run of the bench module's benchmarks:
#
#   1. the bench/ test binary, built once, run $COUNT times with -test.count 1, raw output
#      (with the machine, Go version and corpus as "key: value" lines) saved to
#      bench/results/latest.txt. Rounds rather than -count $COUNT: each round runs every
#      benchmark once, so a burst of load on a shared machine falls on a cwfilter figure and
#      its baselines alike instead of on all the runs of one of them;
#   2. benchstat (golang.org/x/perf, pinned below, run with `go run pkg@version` so it enters
#      no go.mod) summarises it: medians and confidence intervals, one column per impl;
#   3. bench/cmd/perftable turns that summary into the README block (ratios, targets).
#
# Usage: bench/perf.sh                 6 rounds of every benchmark (≈ 5–10 minutes on 2 cores)
#        COUNT=3 bench/perf.sh         fewer rounds (no confidence intervals below 6)
#        BENCH=IAM COUNT=1 bench/perf.sh   a subset, for trying the script (rows not run
#                                      are marked as such; do not commit that README)
# The CIS Set's costliest member is found by the first round and named to the others
# ($CISSET_COSTLIEST, see bench/set_test.go), so that its row times one member throughout.
# Run it on a quiet machine: every figure is compared with a baseline of the same run, but
# load still skews ratios.
set -euo pipefail

BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

count=${COUNT:-6}
filter=${BENCH:-.}
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readme=$(dirname "$bench")/README.md
cd "$bench"

command="bench/perf.sh"
[[ -n ${BENCH:-} ]] && command="BENCH=$BENCH $command"
[[ -n ${COUNT:-} ]] && command="COUNT=$COUNT $command"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/bench.test"
args=(-test.run '^$' -test.bench "$filter" -test.count 1 -test.timeout 0)

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(go env GOOS)/$(go env GOARCH), $(nproc) cores, ${cpu:-unknown CPU}"
	echo "go: $(go env GOVERSION)"
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "count: $count"
	echo "command: $command"
	echo "gotest: bench.test ${args[*]/#^\$/\'^\$\'}"
	echo "benchstat: ${BENCHSTAT%/cmd/benchstat@*}@${BENCHSTAT#*@}"
} >"$tmp/raw.txt"

unset CISSET_COSTLIEST
for round in $(seq "$count"); do
	echo "perf.sh: round $round of $count: bench.test ${args[*]}" >&2
	"$tmp/bench.test" "${args[@]}" | tee "$tmp/round.txt" | tee -a "$tmp/raw.txt"
	# The CIS Set's costliest member, as the first round measured it, for all the others.
	if [[ -z ${CISSET_COSTLIEST:-} ]]; then
		member=$(awk '/impl=costliest/ { for (i = 2; i <= NF; i++) if ($i == "cis-pattern") { print int($(i-1)); exit } }' "$tmp/round.txt")
		[[ -n $member ]] && export CISSET_COSTLIEST=$member
	fi
done

# The load average at the end goes beside the one at the start, among the header lines.
sed -i "s|^load: .*|&\nload-end: $(cut -d' ' -f1-3 /proc/loadavg)|" "$tmp/raw.txt"
mkdir -p results
cp "$tmp/raw.txt" results/latest.txt

if ! go run "$BENCHSTAT" -format csv -col /impl results/latest.txt >"$tmp/stat.csv" 2>"$tmp/stat.err"; then
	cat "$tmp/stat.err" >&2
	exit 1
fi
go run ./cmd/perftable -csv "$tmp/stat.csv" -readme "$readme"
echo "perf.sh: wrote bench/results/latest.txt and the README's performance table" >&2
