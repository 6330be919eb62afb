package main

import (
	"errors"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
	"go.yaml.in/yaml/v3"
)

// A filter is one metric or subscription filter found in a template, plan or state.
type filter struct {
	label    string     // the resource: "RootUsage (AWS::Logs::MetricFilter)", a Terraform address
	at       *yaml.Node // the resource; findings without a better place point here
	metric   bool       // a metric filter, else a subscription filter
	pattern  prop       // where the pattern is; pattern.node is nil when there is no literal to check
	text     string     // the pattern
	config   *metricfilter.Config
	fields   map[string]prop // AWS member name (ValidationError.Field) -> where it is in the file
	findings []finding       // what reading the resource found: non-literal values, bad shapes
}

// prop is a property of a resource as written in the file.
type prop struct {
	name string // "FilterPattern", "metric_transformation[0].value"
	node *yaml.Node
}

// A finding is an error or a note about one place of a file.
type finding struct {
	at    *yaml.Node // nil: the file as a whole
	error bool
	label string // the resource; "" for the file
	text  string
}

// fail records an error at a node of the resource (nil: the resource itself).
func (f *filter) fail(at *yaml.Node, text string) {
	if at == nil {
		at = f.at
	}
	f.findings = append(f.findings, finding{at: at, error: true, label: f.label, text: text})
}

func (f *filter) note(at *yaml.Node, text string) {
	if at == nil {
		at = f.at
	}
	f.findings = append(f.findings, finding{at: at, label: f.label, text: text})
}

// setField records where an AWS request member is, so a ValidationError can point there.
func (f *filter) setField(awsName, name string, n *yaml.Node) {
	if n == nil {
		return
	}
	if f.fields == nil {
		f.fields = map[string]prop{}
	}
	f.fields[awsName] = prop{name, n}
}

// check validates the filter as PutMetricFilter or PutSubscriptionFilter would: the pattern
// and, for a metric filter whose transformation is literal, the whole request.
func (f *filter) check() {
	if f.pattern.node == nil {
		return
	}
	var err error
	switch {
	case f.config != nil:
		_, err = metricfilter.New(*f.config)
	case f.metric:
		_, err = filterpattern.Compile(f.text, filterpattern.WithContext(filterpattern.ContextMetricFilter))
	default:
		_, err = filterpattern.Compile(f.text, filterpattern.WithContext(filterpattern.ContextSubscriptionFilter))
	}
	if err == nil {
		return
	}
	where := f.pattern
	var ve *metricfilter.ValidationError
	if errors.As(err, &ve) {
		where = f.fields[ve.Field]
	}
	text := renderError(err)
	if where.name != "" {
		text = where.name + ": " + text
	}
	f.fail(where.node, text)
}
