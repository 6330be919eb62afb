module github.com/cwfilter/cwfilter/examples/cwfilter

go 1.24

require (
	github.com/cwfilter/cwfilter v0.0.0-00010101000000-000000000000
	go.yaml.in/yaml/v3 v3.0.5
)

require github.com/alecthomas/participle/v2 v2.1.4 // indirect
