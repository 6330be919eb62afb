package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// parseJSON decodes a JSON document into a yaml.Node tree whose nodes carry the line and
// column of their value, so that JSON and YAML files are walked by the same code and lint
// can point at a pattern in either. JSON strings are decoded exactly as encoding/json does,
// which parsing JSON as YAML would not guarantee (escapes, tabs, surrogate pairs).
func parseJSON(src *srcFile) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(src.data))
	dec.UseNumber()
	p := jsonParser{dec: dec, src: src}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return n, nil
}

type jsonParser struct {
	dec *json.Decoder
	src *srcFile
}

// value decodes the next JSON value.
func (p *jsonParser) value() (*yaml.Node, error) {
	at := p.src.at(p.nextStart())
	n := &yaml.Node{Line: at.line, Column: at.col}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		} else {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		}
		for p.dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := p.value() // a key is a string token
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k)
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, v)
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", t.String()
		if _, err := t.Int64(); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", fmt.Sprint(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

// nextStart is the offset of the next token: the decoder's offset is the end of the previous
// token, before any whitespace, ':' or ','.
func (p *jsonParser) nextStart() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src.data) && bytes.IndexByte([]byte(" \t\r\n:,"), p.src.data[off]) >= 0 {
		off++
	}
	return off
}
