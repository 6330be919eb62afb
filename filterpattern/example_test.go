package filterpattern_test

import (
	"errors"
	"fmt"

	"github.com/cwfilter/cwfilter/filterpattern"
)

func ExampleCompile() {
	p, err := filterpattern.Compile(`{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "Create*") }`)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Kind())
	fmt.Println(p.MatchString(`{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`))
	fmt.Println(p.MatchString(`{"eventSource":"iam.amazonaws.com","eventName":"DeleteUser"}`))
	// Output:
	// JSON
	// true
	// false
}

func ExampleCompile_syntaxError() {
	_, err := filterpattern.Compile(`{ $.host = db:5432 }`)
	var se *filterpattern.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Error()) // exactly what AWS answers
		fmt.Println(se.Code, se.Offset)
	}
	// Output:
	// Invalid character(s) in term ':'
	// InvalidParameterException 13
}

func ExampleSyntaxError_Render() {
	_, err := filterpattern.Compile(`ERROR disk:full`)
	fmt.Println(err.(*filterpattern.SyntaxError).Render())
	// Output:
	// Invalid character(s) in term ':' (1:11)
	//  | ERROR disk:full
	//  | ..........^
}

func ExampleWithContext() {
	_, err := filterpattern.Compile(`{ $.a == 1 }`, filterpattern.WithContext(filterpattern.ContextSubscriptionFilter))
	fmt.Println(err)
	// Output:
	// Invalid subscription filter pattern
}

func ExampleMustCompile() {
	p := filterpattern.MustCompile(`?ERROR ?WARN`)
	fmt.Println(p.MatchString("WARN disk nearly full"), p.MatchString("INFO ok"))
	// Output:
	// true false
}

func ExamplePattern_Match() {
	p := filterpattern.MustCompile(`"disk full" -DEBUG`)
	for _, ev := range []string{"ERROR disk full on /var", "DEBUG disk full (simulated)", "ERROR disk  full"} {
		fmt.Println(p.Match([]byte(ev)))
	}
	// Output:
	// true
	// false
	// false
}

func ExamplePattern_MatchString() {
	p := filterpattern.MustCompile(`%^ERROR [0-9]{3}%`)
	fmt.Println(p.MatchString("ERROR 503 upstream"), p.MatchString("WARN 503"))
	// Output:
	// true false
}

func ExamplePattern_Extract() {
	p := filterpattern.MustCompile(`[ip, identity, user, timestamp, request, status_code = 4*, size]`)
	fields, ok := p.Extract([]byte(`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534`))
	fmt.Println(ok)
	for _, f := range fields {
		fmt.Printf("%s=%q\n", f.Key, f.Value)
	}
	// Output:
	// true
	// $ip="127.0.0.1"
	// $identity="-"
	// $user="frank"
	// $timestamp="10/Oct/2000:13:25:15 -0700"
	// $request="GET /apache_pb.gif HTTP/1.0"
	// $status_code="404"
	// $size="1534"
}

func ExamplePattern_AppendExtract() {
	p := filterpattern.MustCompile(`[..., status, bytes]`)
	var buf filterpattern.Fields // reused across events
	for _, ev := range []string{"GET /a 200 512", "GET /b 500 0"} {
		buf, _ = p.AppendExtract(buf[:0], []byte(ev))
		v, _ := buf.Get("$status")
		fmt.Println(v)
	}
	// Output:
	// 200
	// 500
}

func ExamplePattern_Kind() {
	for _, s := range []string{"", "ERROR", "%ERR%", `{ $.a = 1 }`, "[a, b]"} {
		fmt.Println(filterpattern.MustCompile(s).Kind())
	}
	// Output:
	// MatchAll
	// Terms
	// Regex
	// JSON
	// SpaceDelimited
}

func ExamplePattern_String() {
	fmt.Println(filterpattern.MustCompile(` {$.a=1} `).String())
	// Output:
	//  {$.a=1}
}

func ExamplePattern_FieldNames() {
	fmt.Printf("%q\n", filterpattern.MustCompile(`[ip, , ..., status = 5*]`).FieldNames())
	// Output:
	// ["ip" "" "..." "status"]
}

func ExampleParse() {
	tree, err := filterpattern.Parse(`{($.a=x)&&($.b!="y")}`)
	if err != nil {
		panic(err)
	}
	fmt.Println(tree.String()) // canonical text; it parses back to an equal tree
	// Output:
	// { ($.a = x) && ($.b != "y") }
}

func ExamplePattern_MatchRefs() {
	p := filterpattern.MustCompile(`{ $.kind = "request" }`)
	latency, _ := p.Ref("$.latency") // need not occur in the pattern
	out := make([]filterpattern.RefValue, 1)
	if p.MatchRefsString(`{"kind":"request","latency":12.5}`, []filterpattern.Ref{latency}, out) {
		fmt.Println(out[0].Kind, string(out[0].Text))
	}
	// Output:
	// number 12.5
}

// A log group's filters matched together: one call decides every pattern.
func ExampleSet() {
	set := filterpattern.NewSet(
		filterpattern.MustCompile(`{ $.eventName = "ConsoleLogin" && $.errorMessage = "Failed authentication" }`),
		filterpattern.MustCompile(`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`),
		filterpattern.MustCompile(`AccessDenied -s3`),
	)
	matched := make([]int, 0, set.Len()) // reused: Match then allocates nothing
	for _, ev := range []string{
		`{"eventName":"ConsoleLogin","errorMessage":"Failed authentication"}`,
		`{"eventName":"RunInstances","errorCode":"AccessDenied"}`,
		`{"eventName":"GetObject","eventSource":"s3.amazonaws.com","errorCode":"AccessDenied"}`,
	} {
		matched = set.MatchString(ev, matched[:0])
		fmt.Println(matched)
	}
	// Output:
	// [0]
	// [1 2]
	// [1]
}
