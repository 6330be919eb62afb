module github.com/cwfilter/cwfilter/bench

go 1.24

require (
	github.com/buger/jsonparser v1.6.1
	github.com/cwfilter/cwfilter v0.0.0-00010101000000-000000000000
	github.com/tidwall/gjson v1.20.1
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)
