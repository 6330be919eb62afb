package main

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// parseJSON gives each value the line and column (in code points) where it starts, and
// decodes strings exactly as encoding/json does.
func TestParseJSONPositions(t *testing.T) {
	doc := "{\n\t\"é\": [1, 2.5],\n\t\"k\" :\t\"a\\u0022\\/b\",\n\t\"n\": null, \"t\": true\n}\n"
	root, err := parseJSON(newSrcFile("doc.json", []byte(doc)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		node         *yaml.Node
		line, column int
		kind         yaml.Kind
		tag, value   string
	}{
		{root, 1, 1, yaml.MappingNode, "!!map", ""},
		{get(root, "é"), 2, 7, yaml.SequenceNode, "!!seq", ""},
		{items(get(root, "é"))[1], 2, 11, yaml.ScalarNode, "!!float", "2.5"},
		{get(root, "k"), 3, 8, yaml.ScalarNode, "!!str", `a"/b`},
		{get(root, "n"), 4, 7, yaml.ScalarNode, "!!null", "null"},
		{get(root, "t"), 4, 18, yaml.ScalarNode, "!!bool", "true"},
	}
	for i, tt := range tests {
		n := tt.node
		if n == nil || n.Line != tt.line || n.Column != tt.column || n.Kind != tt.kind || n.Tag != tt.tag || n.Value != tt.value {
			t.Errorf("%d: got %+v, want %d:%d kind %d %s %q", i, n, tt.line, tt.column, tt.kind, tt.tag, tt.value)
		}
	}
	for _, bad := range []string{`{"a": }`, `{"a": 1} {}`, `{"a": 1`} {
		if _, err := parseJSON(newSrcFile("bad.json", []byte(bad))); err == nil {
			t.Errorf("parseJSON(%q) succeeded", bad)
		}
	}
}
