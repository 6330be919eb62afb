package filterpattern

import (
	"errors"
	"testing"

	"github.com/cwfilter/cwfilter/internal/israce"
)

func TestRefValidity(t *testing.T) {
	cases := []struct {
		pattern, ref string
		ok           bool
	}{
		{`{ $.kind = "req" }`, `$.ms`, true}, // need not occur in the pattern (§7.2)
		{`{ $.kind = "req" }`, `$.a.b[2].c`, true},
		{`{ $.kind = "req" }`, `$.ms[*]`, false}, // wildcard
		{`{ $.kind = "req" }`, `$.*`, false},
		{`{ $.kind = "req" }`, `$ms`, false},
		{`{ $.kind = "req" }`, `$.`, false},
		{`{ $.kind = "req" }`, ` $.ms`, false},
		{`[ip, user, size]`, `$size`, true},
		{`[ip, user, size]`, `$7`, true}, // beyond the declared fields: missing at run time
		{`[ip, user, size]`, `$bytes`, false},
		{`[ip, user, size]`, `$0`, false},
		{`[ip, user, size]`, `$.size`, false},
		{`[ip, user, size]`, `size`, false},
		{`ERROR`, `$1`, false},
		{`%ab+%`, `$.a`, false},
		{``, `$.a`, false},
	}
	for _, c := range cases {
		p := MustCompile(c.pattern)
		r, err := p.Ref(c.ref)
		if (err == nil) != c.ok {
			t.Errorf("%q.Ref(%q): err = %v, want ok = %v", c.pattern, c.ref, err, c.ok)
			continue
		}
		var re *RefError
		if err != nil && (!errors.As(err, &re) || re.Ref != c.ref || re.Kind != p.Kind()) {
			t.Errorf("%q.Ref(%q): error %#v is not a *RefError naming the ref and kind", c.pattern, c.ref, err)
		}
		if err == nil && r.String() != c.ref {
			t.Errorf("Ref.String() = %q, want %q", r.String(), c.ref)
		}
	}
}

func TestMatchRefsJSON(t *testing.T) {
	p := MustCompile(`{ $.kind = "req" }`)
	event := `{"kind":"req","ms":12,"f":2.50,"big":1e400,"s":"a\"b","n":null,"t":true,"f2":false,` +
		`"o":{"x":1},"a":[1,2],"e":10000000.0,"neg0":-0}`
	want := []struct {
		ref  string
		kind ValueKind
		text string
	}{
		{`$.ms`, ValueNumber, "12"},
		{`$.f`, ValueNumber, "2.5"},
		{`$.big`, ValueInf, "Infinity"},
		{`$.s`, ValueString, `a"b`},
		{`$.n`, ValueNull, ""},
		{`$.t`, ValueTrue, ""},
		{`$.f2`, ValueFalse, ""},
		{`$.o`, ValueObject, ""},
		{`$.a`, ValueArray, ""},
		{`$.a[1]`, ValueNumber, "2"},
		{`$.o.x`, ValueNumber, "1"},
		{`$.e`, ValueNumber, "1.0E7"},
		{`$.neg0`, ValueNumber, "0"},
		{`$.nope`, ValueMissing, ""},
		{`$.kind.deeper`, ValueMissing, ""},
	}
	refs := make([]Ref, len(want))
	for i, w := range want {
		var err error
		if refs[i], err = p.Ref(w.ref); err != nil {
			t.Fatal(err)
		}
	}
	out := make([]RefValue, len(refs))
	if !p.MatchRefsString(event, refs, out) {
		t.Fatal("no match")
	}
	for i, w := range want {
		if out[i].Kind != w.kind || string(out[i].Text) != w.text {
			t.Errorf("%s = %v %q, want %v %q", w.ref, out[i].Kind, out[i].Text, w.kind, w.text)
		}
	}
	if p.MatchRefsString(`{"kind":"other","ms":1}`, refs, out) {
		t.Error("matched a non-matching event")
	}
	if p.MatchRefsString(`{"kind":"req"} trailing`, refs, out) {
		t.Error("matched invalid JSON")
	}
}

func TestMatchRefsDelimited(t *testing.T) {
	p := MustCompile(`[ip, user, ..., status = 5*, size]`)
	refs := []Ref{mustRef(t, p, "$size"), mustRef(t, p, "$3"), mustRef(t, p, "$status"), mustRef(t, p, "$9"), mustRef(t, p, "$user")}
	out := make([]RefValue, len(refs))
	if !p.MatchRefsString(`1.2.3.4 bob [10/Oct/2000] "GET /" 503 1534`, refs, out) {
		t.Fatal("no match")
	}
	want := []struct {
		kind ValueKind
		text string
	}{{ValueString, "1534"}, {ValueString, "10/Oct/2000"}, {ValueString, "503"}, {ValueMissing, ""}, {ValueString, "bob"}}
	for i, w := range want {
		if out[i].Kind != w.kind || string(out[i].Text) != w.text {
			t.Errorf("%s = %v %q, want %v %q", refs[i], out[i].Kind, out[i].Text, w.kind, w.text)
		}
	}
	if p.MatchRefsString(`1.2.3.4 bob x y 200 1534`, refs, out) {
		t.Error("matched status 200")
	}
}

func TestMatchRefsOtherKinds(t *testing.T) {
	for _, c := range []struct {
		pattern, event string
		match          bool
	}{{`ERROR`, `an ERROR`, true}, {`ERROR`, `fine`, false}, {`%E+R%`, `EER`, true}, {``, `x`, true}} {
		if got := MustCompile(c.pattern).MatchRefsString(c.event, nil, nil); got != c.match {
			t.Errorf("%q on %q = %v, want %v", c.pattern, c.event, got, c.match)
		}
	}
}

func TestMatchRefsAllocs(t *testing.T) {
	if israce.Enabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	j := MustCompile(`{ $.kind = "req" }`)
	jrefs := []Ref{mustRef(t, j, "$.ms"), mustRef(t, j, "$.s"), mustRef(t, j, "$.f")}
	jout := make([]RefValue, len(jrefs))
	jev := []byte(`{"kind":"req","ms":12,"s":"a\u00e9b","f":0.25}`)
	d := MustCompile(`[ip, user, size]`)
	drefs := []Ref{mustRef(t, d, "$size"), mustRef(t, d, "$1")}
	dout := make([]RefValue, len(drefs))
	dev := []byte(`1.2.3.4 bob 1534`)
	if n := testing.AllocsPerRun(200, func() {
		if !j.MatchRefs(jev, jrefs, jout) || !d.MatchRefs(dev, drefs, dout) {
			t.Fatal("no match")
		}
	}); n != 0 {
		t.Errorf("MatchRefs allocates %v times per call", n)
	}
	if string(jout[1].Text) != "aéb" || string(jout[2].Text) != "0.25" || string(dout[0].Text) != "1534" {
		t.Errorf("values %q %q %q", jout[1].Text, jout[2].Text, dout[0].Text)
	}
}

func mustRef(t *testing.T, p *Pattern, ref string) Ref {
	t.Helper()
	r, err := p.Ref(ref)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
