package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cwfilter/cwfilter/filterpattern"
)

func readTemplate(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The SAM template runs the function as this package builds it: the bootstrap handler on
// provided.al2023, with the environment variables the function reads.
func TestTemplateMatchesTheFunction(t *testing.T) {
	tmpl := readTemplate(t)
	for _, want := range []string{"Handler: bootstrap", "Runtime: provided.al2023", "CodeUri: dist/", "Principal: logs.amazonaws.com"} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("template.yaml lacks %q", want)
		}
	}
	known := map[string]bool{EnvFilters: true, EnvFiltersFile: true, EnvAccountID: true}
	vars := regexp.MustCompile(`(?m)^\s+(CWFILTER_[A-Z_]+):`).FindAllStringSubmatch(tmpl, -1)
	if len(vars) == 0 {
		t.Fatal("template.yaml sets no CWFILTER_ variable")
	}
	for _, v := range vars {
		if !known[v[1]] {
			t.Errorf("template.yaml sets %s, which the function does not read", v[1])
		}
	}
}

// subscriptionPattern returns the template's subscription filter pattern, a folded (>-)
// block scalar of plain lines.
func subscriptionPattern(t *testing.T) string {
	t.Helper()
	lines := strings.Split(readTemplate(t), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "FilterPattern: >-" {
			continue
		}
		var parts []string
		indent := len(l) - len(strings.TrimLeft(l, " "))
		for _, c := range lines[i+1:] {
			if len(c)-len(strings.TrimLeft(c, " ")) <= indent {
				break
			}
			parts = append(parts, strings.TrimSpace(c))
		}
		return strings.Join(parts, " ")
	}
	t.Fatal("template.yaml has no FilterPattern: >- block")
	return ""
}

// The subscription filter only narrows the delivery: every CloudTrail event that one of the
// built-in filters counts is delivered, so the metrics are those of the whole log group.
func TestTemplateSubscriptionDeliversWhatTheFiltersCount(t *testing.T) {
	sub, err := filterpattern.Compile(subscriptionPattern(t), filterpattern.WithContext(filterpattern.ContextSubscriptionFilter))
	if err != nil {
		t.Fatal(err)
	}
	var filters []*filterpattern.Pattern
	for _, f := range DefaultFilters() {
		filters = append(filters, filterpattern.MustCompile(f.FilterPattern))
	}
	counted, delivered := 0, 0
	for _, corpus := range []string{"aws-docs-examples", "stratus-red-team"} {
		for _, ev := range records(t, corpus) {
			if sub.MatchString(ev) {
				delivered++
			}
			for i, f := range filters {
				if f.MatchString(ev) {
					counted++
					if !sub.MatchString(ev) {
						t.Errorf("%s counts an event the subscription does not deliver: %.200s", DefaultFilters()[i].FilterName, ev)
					}
				}
			}
		}
	}
	if counted == 0 || delivered == 0 {
		t.Fatalf("counted %d, delivered %d: the test proves nothing", counted, delivered)
	}
}
