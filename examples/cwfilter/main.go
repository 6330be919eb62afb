package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by the subcommands.
const (
	exitOK    = 0
	exitFound = 1 // grep: nothing selected; lint: errors found
	exitUsage = 2 // a bad command line; grep: a file could not be read; lint: nothing checked
)

const usage = `usage: cwfilter <command> [arguments]

Commands:
  test  --filter-pattern P --log-event-messages M [M ...] [--output json|text|yaml|table]
        run a pattern over messages like "aws logs test-metric-filter"
  grep  [--context metric|subscription|filterlogevents] [-c] [-v] [--max-event-size N] P [file ...]
        print the lines of JSON Lines / text logs (.gz too) that match P
  lint  [--format text|json|sarif] [file|dir ...]
        check the filter patterns of Terraform (.tf), CloudFormation templates and Terraform JSON
  help  print this text

Run "cwfilter <command> -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program; tests call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "test":
		return runTest(rest, stdin, stdout, stderr)
	case "grep":
		return runGrep(rest, stdin, stdout, stderr)
	case "lint":
		return runLint(rest, stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "cwfilter: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}
