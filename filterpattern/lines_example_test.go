package filterpattern_test

import (
	"fmt"
	"strings"

	"github.com/cwfilter/cwfilter/filterpattern"
)

func ExampleSet_MatchLines() {
	set := filterpattern.NewSet(
		filterpattern.MustCompile(`{ $.errorCode = "AccessDenied*" }`),
		filterpattern.MustCompile(`{ $.eventSource = "iam.amazonaws.com" }`),
	)
	logs := strings.NewReader(`{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}
{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}
{"eventSource":"iam.amazonaws.com","errorCode":"AccessDenied"}
`)
	// Matching runs on every CPU; lines still come back in input order.
	err := set.MatchLines(logs, 0, func(line []byte, matched []int) error {
		fmt.Printf("%v %s\n", matched, line)
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// [1] {"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}
	// [] {"eventSource":"s3.amazonaws.com","eventName":"GetObject"}
	// [0 1] {"eventSource":"iam.amazonaws.com","errorCode":"AccessDenied"}
}

func ExampleSet_MatchAll() {
	set := filterpattern.NewSet(
		filterpattern.MustCompile(`{ $.errorCode = "AccessDenied*" }`),
		filterpattern.MustCompile(`{ $.eventSource = "iam.amazonaws.com" }`),
	)
	events := [][]byte{
		[]byte(`{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`),
		[]byte(`{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}`),
		[]byte(`{"eventSource":"iam.amazonaws.com","errorCode":"AccessDenied"}`),
	}
	// Matching runs on every CPU; results still come back in order.
	err := set.MatchAll(events, 0, func(i int, matched []int) error {
		fmt.Println(i, matched)
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// 0 [1]
	// 1 []
	// 2 [0 1]
}
