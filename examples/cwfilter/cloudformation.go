package main

import (
	"fmt"
	"strconv"

	"github.com/cwfilter/cwfilter/metricfilter"
	"go.yaml.in/yaml/v3"
)

const (
	cfnMetricFilter       = "AWS::Logs::MetricFilter"
	cfnSubscriptionFilter = "AWS::Logs::SubscriptionFilter"
)

// System field dimensions need values to validate; any will do.
const (
	placeholderAccount = "123456789012"
	placeholderRegion  = "us-east-1"
)

// cloudFormationFilters finds the metric and subscription filters of a template
// (§11.5.1).
func cloudFormationFilters(d *yamlDoc, root *yaml.Node) []*filter {
	res := get(root, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		return nil
	}
	var out []*filter
	for i := 0; i+1 < len(res.Content); i += 2 {
		id, r := res.Content[i], res.Content[i+1]
		typ := scalar(get(r, "Type"))
		if typ != cfnMetricFilter && typ != cfnSubscriptionFilter {
			continue
		}
		f := &filter{label: id.Value + " (" + typ + ")", at: d.place(id), metric: typ == cfnMetricFilter}
		props := get(r, "Properties")
		f.cfnPattern(d, get(props, "FilterPattern"))
		if f.metric && f.pattern != nil {
			f.cfnMetricConfig(d, props)
		}
		out = append(out, f)
	}
	return out
}

// cfnPattern takes the FilterPattern property if it is a literal string.
func (f *filter) cfnPattern(d *yamlDoc, n *yaml.Node) {
	at := d.place(n)
	switch {
	case n == nil:
		f.fail(place{}, ruleResource, "FilterPattern is missing; it is required")
	case intrinsic(n) != "":
		f.uncheckable(at, "FilterPattern is not a literal ("+intrinsic(n)+"): not checkable")
	case isNull(n):
		f.fail(at, ruleResource, "FilterPattern is null; write '' for a pattern that matches every event")
	case n.Kind == yaml.MappingNode && !d.isJSON:
		f.fail(at, ruleResource, `FilterPattern was read by YAML as a mapping, not a string: quote the pattern, as in FilterPattern: '{ $.eventName = "X" }'`)
	case n.Kind == yaml.SequenceNode && !d.isJSON:
		f.fail(at, ruleResource, `FilterPattern was read by YAML as a sequence, not a string: quote the pattern, as in FilterPattern: '[ip, user, status = 404]'`)
	case n.Kind != yaml.ScalarNode:
		f.fail(at, ruleResource, "FilterPattern must be a string, not "+kindName(n, d.isJSON))
	default:
		f.pattern, f.text = &patternRef{name: "FilterPattern", src: d.source(n)}, n.Value
	}
}

// cfnMetricConfig builds the PutMetricFilter request when the transformation is literal;
// otherwise it notes the first value that is not and only the pattern gets checked.
func (f *filter) cfnMetricConfig(d *yamlDoc, props *yaml.Node) {
	cfg := &metricfilter.Config{FilterPattern: f.text, AccountID: placeholderAccount, Region: placeholderRegion}
	// Names are often built with !Sub; those are simply not checked.
	if n := get(props, "FilterName"); intrinsic(n) == "" {
		cfg.FilterName = scalar(n)
		f.setField("filterName", "FilterName", d.place(n))
	}
	if n := get(props, "LogGroupName"); intrinsic(n) == "" {
		cfg.LogGroupName = scalar(n)
		f.setField("logGroupName", "LogGroupName", d.place(n))
	}
	esd := get(props, "EmitSystemFieldDimensions")
	f.setField("emitSystemFieldDimensions", "EmitSystemFieldDimensions", d.place(esd))
	for _, s := range items(esd) {
		if intrinsic(s) == "" {
			cfg.EmitSystemFieldDimensions = append(cfg.EmitSystemFieldDimensions, scalar(s))
		}
	}

	mts := get(props, "MetricTransformations")
	f.setField("metricTransformations", "MetricTransformations", d.place(mts))
	if in := intrinsic(mts); in != "" {
		f.uncheckable(d.place(mts), "MetricTransformations is not a literal ("+in+"); the transformation is not checked")
		return
	}
	for i, mt := range items(mts) {
		t, ok := f.cfnTransformation(d, i, mt)
		if !ok {
			return
		}
		cfg.MetricTransformations = append(cfg.MetricTransformations, t)
	}
	f.config = cfg
}

// cfnTransformation reads one MetricTransformations item; ok is false if part of it is not a
// literal (noted) or malformed (an error).
func (f *filter) cfnTransformation(d *yamlDoc, i int, mt *yaml.Node) (t metricfilter.Transformation, ok bool) {
	path := fmt.Sprintf("MetricTransformations[%d]", i)
	ok = true
	// lit returns a literal scalar; the first non-literal is noted and makes ok false.
	lit := func(n *yaml.Node, name string) string {
		if in := intrinsic(n); in != "" {
			if ok {
				f.uncheckable(d.place(n), path+name+" is not a literal ("+in+"); the transformation is not checked")
			}
			ok = false
			return ""
		}
		return scalar(n)
	}
	if lit(mt, ""); !ok {
		return t, false
	}
	field := func(key, awsName string) string {
		n := get(mt, key)
		if i == 0 { // AWS names members of the first transformation only (there must be one)
			f.setField("metricTransformations.1.member."+awsName, path+"."+key, d.place(n))
		}
		return lit(n, "."+key)
	}
	t.MetricName = field("MetricName", "metricName")
	t.MetricNamespace = field("MetricNamespace", "metricNamespace")
	t.MetricValue = field("MetricValue", "metricValue")
	t.Unit = field("Unit", "unit")
	if dv := field("DefaultValue", "defaultValue"); dv != "" {
		x, err := strconv.ParseFloat(dv, 64)
		if err != nil {
			f.fail(d.place(get(mt, "DefaultValue")), ruleResource, path+".DefaultValue: "+strconv.Quote(dv)+" is not a number")
			return t, false
		}
		t.DefaultValue = &x
	}
	dims := get(mt, "Dimensions")
	f.setField("metricTransformations.1.member.dimensions", path+".Dimensions", d.place(dims))
	if lit(dims, ".Dimensions"); !ok {
		return t, false
	}
	for j, d := range items(dims) {
		dpath := fmt.Sprintf(".Dimensions[%d]", j)
		k, v := lit(get(d, "Key"), dpath+".Key"), lit(get(d, "Value"), dpath+".Value")
		if t.Dimensions == nil {
			t.Dimensions = map[string]string{}
		}
		t.Dimensions[k] = v
	}
	return t, ok
}
