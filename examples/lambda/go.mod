module github.com/cwfilter/cwfilter/examples/lambda

go 1.24

require (
	github.com/aws/aws-lambda-go v1.54.0
	github.com/cwfilter/cwfilter v0.0.0-00010101000000-000000000000
)

require github.com/alecthomas/participle/v2 v2.1.4 // indirect
