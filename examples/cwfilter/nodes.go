package main

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// resolve follows YAML aliases and unwraps a document node.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch {
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
			n = n.Content[0]
		default:
			return n
		}
	}
	return nil
}

// get returns the value of key in mapping m, resolved; nil if m is not a mapping or lacks it.
func get(m *yaml.Node, key string) *yaml.Node {
	if m = resolve(m); m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// items returns the elements of a sequence, resolved; nil for anything else.
func items(n *yaml.Node) []*yaml.Node {
	if n = resolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = resolve(c)
	}
	return out
}

// scalar returns the text of a scalar node, "" for anything else.
func scalar(n *yaml.Node) string {
	if n = resolve(n); n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return n.Value
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// intrinsic names the CloudFormation intrinsic function n is, "" if none: a local YAML tag
// (!Ref, !Sub, ...) or a single-key mapping whose key is Ref, Condition or Fn::*.
func intrinsic(n *yaml.Node) string {
	if n = resolve(n); n == nil {
		return ""
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return n.Tag
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		if k := n.Content[0].Value; k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k
		}
	}
	return ""
}

// kindName names a node's YAML kind for messages.
func kindName(n *yaml.Node, json bool) string {
	switch {
	case n.Kind == yaml.MappingNode && json:
		return "an object"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode && json:
		return "an array"
	case n.Kind == yaml.SequenceNode:
		return "a sequence"
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}
