package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/cwfilter/cwfilter/metricfilter"
	"go.yaml.in/yaml/v3"
)

const (
	tfMetricFilter       = "aws_cloudwatch_log_metric_filter"
	tfSubscriptionFilter = "aws_cloudwatch_log_subscription_filter"
)

// tfResource is a filter resource of a plan or state.
type tfResource struct {
	address string
	typ     string
	at      *yaml.Node // the resource object
	values  *yaml.Node // attribute values (planned values, change.after or state values)
	unknown *yaml.Node // change.after_unknown: true where a value is known only after apply
}

// terraformFilters finds the filters of `terraform show -json` output, plan or state
// (§11.5.2): planned_values / values, root module and child modules, and
// resource_changes[].change.after. A resource listed in several places is checked once.
func terraformFilters(d *yamlDoc, root *yaml.Node) ([]*filter, error) {
	if v := scalar(get(root, "format_version")); v != "1" && !strings.HasPrefix(v, "1.") {
		return nil, fmt.Errorf("unsupported Terraform JSON format_version %q (only 1.x is known)", v)
	}
	var order []*tfResource
	seen := map[string]*tfResource{}
	add := func(r, values, unknown *yaml.Node) {
		typ := scalar(get(r, "type"))
		if typ != tfMetricFilter && typ != tfSubscriptionFilter || scalar(get(r, "mode")) == "data" {
			return
		}
		addr := scalar(get(r, "address"))
		e := seen[addr]
		if e == nil {
			e = &tfResource{address: addr, typ: typ, at: r, values: values}
			seen[addr] = e
			order = append(order, e)
		}
		if unknown != nil {
			e.unknown = unknown
		}
	}
	var walk func(module *yaml.Node)
	walk = func(module *yaml.Node) {
		for _, r := range items(get(module, "resources")) {
			add(r, get(r, "values"), nil)
		}
		for _, child := range items(get(module, "child_modules")) {
			walk(child)
		}
	}
	walk(get(get(root, "planned_values"), "root_module"))
	walk(get(get(root, "values"), "root_module"))
	for _, rc := range items(get(root, "resource_changes")) {
		change := get(rc, "change")
		if after := get(change, "after"); !isNull(after) { // null: the resource is deleted
			add(rc, after, get(change, "after_unknown"))
		}
	}

	filters := make([]*filter, len(order))
	for i, r := range order {
		filters[i] = r.filter(d)
	}
	return filters, nil
}

func (r *tfResource) filter(d *yamlDoc) *filter {
	f := &filter{label: r.address, at: d.place(r.at), metric: r.typ == tfMetricFilter}
	key := "filter_pattern"
	if f.metric {
		key = "pattern"
	}
	switch n := get(r.values, key); {
	case isNull(n) && anyTrue(get(r.unknown, key)):
		f.uncheckable(place{}, key+" is known only after apply: not checkable")
	case isNull(n):
		f.uncheckable(place{}, key+" has no value: not checkable")
	case n.Kind != yaml.ScalarNode:
		f.fail(d.place(n), ruleResource, key+" must be a string, not "+kindName(n, true))
	default:
		f.pattern, f.text = &patternRef{name: key, src: d.source(n)}, n.Value
		if f.metric { // the provider trims the pattern before sending it
			f.text = strings.TrimSpace(n.Value)
			f.pattern.trim = leadingSpace(n.Value)
		}
	}
	if f.metric && f.pattern != nil {
		f.tfMetricConfig(d, r)
	}
	return f
}

// tfMetricConfig builds the PutMetricFilter request when the transformation is known.
func (f *filter) tfMetricConfig(d *yamlDoc, r *tfResource) {
	v := r.values
	cfg := &metricfilter.Config{
		FilterPattern: f.text,
		FilterName:    scalar(get(v, "name")),
		LogGroupName:  scalar(get(v, "log_group_name")),
	}
	f.setField("filterName", "name", d.place(get(v, "name")))
	f.setField("logGroupName", "log_group_name", d.place(get(v, "log_group_name")))
	mts := get(v, "metric_transformation")
	f.setField("metricTransformations", "metric_transformation", d.place(mts))
	if anyTrue(get(r.unknown, "metric_transformation")) {
		f.uncheckable(d.place(mts), "metric_transformation is known only after apply; the transformation is not checked")
		return
	}
	for i, mt := range items(mts) {
		path := fmt.Sprintf("metric_transformation[%d].", i)
		field := func(key, awsName string) string {
			n := get(mt, key)
			if i == 0 {
				f.setField("metricTransformations.1.member."+awsName, path+key, d.place(n))
			}
			return scalar(n)
		}
		t := metricfilter.Transformation{
			MetricName:      field("name", "metricName"),
			MetricNamespace: field("namespace", "metricNamespace"),
			MetricValue:     field("value", "metricValue"),
			Unit:            field("unit", "unit"),
		}
		if dv := field("default_value", "defaultValue"); dv != "" { // "" or null: unset
			x, err := strconv.ParseFloat(dv, 64)
			if err != nil {
				f.fail(d.place(get(mt, "default_value")), ruleResource, path+"default_value: "+strconv.Quote(dv)+" is not a number")
				return
			}
			t.DefaultValue = &x
		}
		dims := get(mt, "dimensions")
		if i == 0 {
			f.setField("metricTransformations.1.member.dimensions", path+"dimensions", d.place(dims))
		}
		if dims != nil && dims.Kind == yaml.MappingNode {
			t.Dimensions = map[string]string{}
			for j := 0; j+1 < len(dims.Content); j += 2 {
				t.Dimensions[dims.Content[j].Value] = scalar(dims.Content[j+1])
			}
		}
		cfg.MetricTransformations = append(cfg.MetricTransformations, t)
	}
	f.config = cfg
}

// leadingSpace is the number of bytes strings.TrimSpace removes from the front of s.
func leadingSpace(s string) int {
	return len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
}

// anyTrue reports whether an after_unknown value marks anything as unknown.
func anyTrue(n *yaml.Node) bool {
	if n = resolve(n); n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return n.Tag == "!!bool" && n.Value == "true"
	}
	for _, c := range n.Content {
		if anyTrue(c) {
			return true
		}
	}
	return false
}
