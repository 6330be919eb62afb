package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	filters, err := LoadFilters(os.Getenv, os.ReadFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cwfilter lambda:", err)
		os.Exit(1) // reported by Lambda as an init error
	}
	h, err := NewHandler(os.Stdout, os.Stderr, filters, SystemFields{AccountID: os.Getenv(EnvAccountID), Region: os.Getenv(EnvRegion)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "cwfilter lambda:", err)
		os.Exit(1)
	}
	lambda.Start(h.Handle)
}
