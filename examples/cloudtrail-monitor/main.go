// Command cloudtrail-monitor replays the embedded real CloudTrail corpus through the CIS /
// Security Hub CloudWatch filter patterns and prints how many events each one matches.
package main

import (
	"fmt"
	"os"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/internal/corpus"
)

var filters = []struct{ name, pattern string }{
	{"CloudWatch.1 root user", `{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}`},
	{"CloudWatch.2 unauthorized API calls", `{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}`},
	{"CloudWatch.3 console sign-in without MFA", `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`},
	{"IAM changes", `{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`},
}

func main() {
	events, err := corpus.All()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d CloudTrail events\n", len(events))
	for _, f := range filters {
		p := filterpattern.MustCompile(f.pattern)
		n := 0
		for _, ev := range events {
			if p.Match(ev) {
				n++
			}
		}
		fmt.Printf("%6d  %s\n", n, f.name)
	}
}
