// Package bench measures cwfilter against other ways of doing the same job and feeds the
// README's performance table: each Benchmark<Row> runs the cwfilter implementation and its
// baselines as sub-benchmarks impl=<name>, and bench/perf.sh turns one run into the table
// (README.md in this directory tells how). It has no API; its tests check that the baselines
// agree with cwfilter.
package bench
