package main

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/cwfilter/cwfilter/alarm"
)

// The HTML report is one self-contained file, no script: per metric an SVG chart (a labelled
// time axis, hover values as SVG <title> elements) and the metric's alarm transitions, with
// the events behind each ALARM transition. Its markup is also well-formed XML (XHTML syntax),
// so a test can parse it.

// htmlReport is the page.
type htmlReport struct {
	Summary []string
	Charts  []chart
}

// chart is one metric: the Sum of the newest period at each evaluation instant (idle
// stretches left out), the alarm threshold, shading where the alarm was in ALARM.
type chart struct {
	Name, Metric string
	Matches      int
	Threshold    float64
	Line         string // polyline points
	ThresholdY   float64
	Alarms       []span // x ranges in ALARM
	Top          string
	Ticks        []tick
	Marks        []mark // hover targets: the reduced points with data or in ALARM
	Transitions  []htmlTransition
}

type span struct{ X, W float64 }

// tick labels the evaluation instant at X.
type tick struct {
	X                  float64
	Date, Time, Anchor string // Anchor keeps the first and last labels inside the chart
}

// mark is one reduced point: a hover area over its x range and a dot at its value.
type mark struct {
	X, W, CX, CY float64
	Dot          bool
	Title        string
}

type htmlTransition struct {
	Time, From, To, Reason, Note string
	Alarming                     bool
	EventsHeading                string
	Events                       []eventRow
	More                         int
}

// Chart geometry: the plot area is [plotL, plotR] × [plotT, plotB]; tick labels go below.
const (
	plotL, plotR         = 48.0, 950.0
	plotT, plotB         = 8.0, 128.0
	maxPoints            = 900 // wider series are reduced to the maximum of neighbouring points
	ticks                = 6
	clockLayout          = "2006-01-02 15:04"
	plotW, plotH float64 = plotR - plotL, plotB - plotT
)

func buildChart(m *monitor, i int) chart {
	f := m.filters[i]
	pts := m.points[i]
	c := chart{Name: f.Name, Metric: f.Metric, Matches: len(m.matched[i]), Threshold: f.Threshold}
	n := min(len(pts), maxPoints)
	vals := make([]float64, n)
	alarming := make([]bool, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	for k, p := range pts {
		j := k * n / len(pts)
		if first[j].IsZero() {
			first[j] = p.t
		}
		last[j] = p.t
		vals[j] = math.Max(vals[j], p.value)
		alarming[j] = alarming[j] || p.state == alarm.Alarming
	}
	top := math.Max(f.Threshold*1.2, 1)
	for _, v := range vals {
		top = math.Max(top, v)
	}
	c.Top = fmt.Sprint(top)
	y := func(v float64) float64 { return plotB - v/top*plotH }
	x := func(j int) float64 { return plotL + float64(j)*plotW/float64(max(n-1, 1)) }
	step := plotW / float64(max(n, 1))
	var b strings.Builder
	for j, v := range vals {
		fmt.Fprintf(&b, "%.1f,%.1f ", x(j), y(v))
		if alarming[j] {
			if len(c.Alarms) > 0 && j > 0 && alarming[j-1] {
				c.Alarms[len(c.Alarms)-1].W = x(j) - c.Alarms[len(c.Alarms)-1].X + step
			} else {
				c.Alarms = append(c.Alarms, span{X: x(j) - step/2, W: step})
			}
		}
		if v > 0 || alarming[j] {
			when := first[j].UTC().Format(clockLayout)
			switch {
			case last[j].Equal(first[j]):
			case last[j].UTC().YearDay() == first[j].UTC().YearDay() && last[j].Year() == first[j].Year():
				when += " – " + last[j].UTC().Format("15:04")
			default:
				when += " – " + last[j].UTC().Format(clockLayout)
			}
			state := ""
			if alarming[j] {
				state = " · ALARM"
			}
			c.Marks = append(c.Marks, mark{X: x(j) - step/2, W: step, CX: x(j), CY: y(v), Dot: v > 0,
				Title: fmt.Sprintf("%s UTC · 5-minute Sum %s%s", when, fmt.Sprint(v), state)})
		}
	}
	c.Line = strings.TrimSpace(b.String())
	for k := 0; k < ticks && n > 0; k++ {
		j := k * (n - 1) / (ticks - 1)
		if len(c.Ticks) > 0 && x(j) == c.Ticks[len(c.Ticks)-1].X {
			continue
		}
		t := first[j].UTC()
		anchor := "middle"
		switch {
		case k == 0:
			anchor = "start"
		case k == ticks-1:
			anchor = "end"
		}
		c.Ticks = append(c.Ticks, tick{X: x(j), Date: t.Format("2006-01-02"), Time: t.Format("15:04"), Anchor: anchor})
	}
	c.ThresholdY = y(f.Threshold)
	for k, t := range m.transitions {
		if m.byAlarm[t.Name] != i {
			continue
		}
		d := m.details[k]
		ht := htmlTransition{Time: t.Timestamp.UTC().Format(clockLayout), From: string(t.Previous), To: string(t.State),
			Reason: t.Reason, Note: lookBackNote(d, m.wallClock), Alarming: t.State == alarm.Alarming, EventsHeading: eventsHeading(d)}
		ht.Events, ht.More = m.eventRows(d)
		c.Transitions = append(c.Transitions, ht)
	}
	return c
}

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/><title>cwfilter CloudTrail monitor</title>
<style>
body{font-family:sans-serif;margin:2em;color:#222}
svg{background:#fafafa;border:1px solid #ddd}
h2{font-size:1.05em;margin:2em 0 .3em}
.t{color:#555;font-size:.9em}
.hover:hover{fill-opacity:.12}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0 .8em}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
tr.alarm>td{background:#fbe3e3}
.note{color:#8a4b00}
.events td,.events th{font-family:monospace;border-color:#eee}
</style></head><body>
<h1>CloudTrail monitor</h1>
{{range .Summary}}<p class="t">{{.}}</p>
{{end}}<p class="t">Each chart: the 5-minute Sum each alarm evaluated, at every simulated evaluation minute (idle stretches between bursts are left out, so the time axis is labelled at its ticks, not linear). Red dashed line: alarm threshold; red shading: alarm in ALARM. Hover over the chart for values.</p>
{{range .Charts}}<h2>{{.Metric}} — {{.Name}}</h2>
<div class="t">{{.Matches}} matching events; alarm when the Sum is ≥ {{.Threshold}} in 5 minutes</div>
<svg xmlns="http://www.w3.org/2000/svg" width="960" height="170" viewBox="0 0 960 170" role="img">
<title>{{.Metric}}: 5-minute Sum at each evaluation</title>
{{range .Alarms}}<rect x="{{printf "%.1f" .X}}" y="8" width="{{printf "%.1f" .W}}" height="120" fill="#f8d0d0"/>
{{end}}<line x1="48" x2="950" y1="128" y2="128" stroke="#999"/>
<line x1="48" x2="48" y1="8" y2="128" stroke="#999"/>
<text x="44" y="14" font-size="10" fill="#555" text-anchor="end">{{.Top}}</text>
<text x="44" y="128" font-size="10" fill="#555" text-anchor="end">0</text>
<line x1="48" x2="950" y1="{{printf "%.1f" .ThresholdY}}" y2="{{printf "%.1f" .ThresholdY}}" stroke="#c00" stroke-dasharray="4 3"><title>threshold {{.Threshold}}</title></line>
<polyline fill="none" stroke="#225" stroke-width="1.2" points="{{.Line}}"/>
{{range .Ticks}}<line x1="{{printf "%.1f" .X}}" x2="{{printf "%.1f" .X}}" y1="128" y2="133" stroke="#999"/>
<text x="{{printf "%.1f" .X}}" y="145" font-size="10" fill="#555" text-anchor="{{.Anchor}}">{{.Date}}</text>
<text x="{{printf "%.1f" .X}}" y="157" font-size="10" fill="#555" text-anchor="{{.Anchor}}">{{.Time}} UTC</text>
{{end}}{{range .Marks}}<g>{{if .Dot}}<circle cx="{{printf "%.1f" .CX}}" cy="{{printf "%.1f" .CY}}" r="2" fill="#225"/>{{end}}<rect class="hover" x="{{printf "%.1f" .X}}" y="8" width="{{printf "%.1f" .W}}" height="120" fill="#225" fill-opacity="0"/><title>{{.Title}}</title></g>
{{end}}</svg>
{{if .Transitions}}<table>
<tr><th>time (UTC)</th><th>transition</th><th>reason</th></tr>
{{range .Transitions}}<tr{{if .Alarming}} class="alarm"{{end}}><td>{{.Time}}</td><td>{{.From}} → {{.To}}</td><td>{{.Reason}}{{if .Note}}<div class="note">{{.Note}}</div>{{end}}{{if .Events}}
<div>{{.EventsHeading}}</div>
<table class="events"><tr><th>eventTime</th><th>eventName</th><th>userIdentity</th><th>sourceIPAddress</th><th>eventID</th></tr>
{{range .Events}}<tr><td>{{.Time}}</td><td>{{.Name}}</td><td>{{.Identity}}</td><td>{{.SourceIP}}</td><td>{{.ID}}</td></tr>
{{end}}{{if .More}}<tr><td colspan="5">and {{.More}} more</td></tr>
{{end}}</table>{{end}}</td></tr>
{{end}}</table>
{{end}}{{end}}</body></html>
`))

func writeHTML(w io.Writer, m *monitor, in *input) error {
	r := htmlReport{Summary: []string{summaryLine(in)}}
	if in.leftOut.total > 0 {
		r.Summary = append(r.Summary, in.leftOut.String()+".")
	}
	window := "Alarm windows: sliding 5-minute periods (AWS's default)."
	if m.wallClock {
		window = "Alarm windows: wall-clock 5-minute periods (aligned from midnight UTC)."
	}
	r.Summary = append(r.Summary, window)
	for i := range m.filters {
		r.Charts = append(r.Charts, buildChart(m, i))
	}
	return page.Execute(w, r)
}
