package main

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/cwfilter/cwfilter/alarm"
)

// chart is one metric's SVG: the 5-minute Sum at each evaluation instant (idle stretches
// left out), the alarm threshold, and shading where the alarm was in ALARM.
type chart struct {
	Name, Metric string
	Matches      int
	Threshold    float64
	Width        int
	Line         string // polyline points
	ThresholdY   float64
	Alarms       []span // x ranges in ALARM
	Top          float64
	From, To     string // first and last evaluation instants
}

type span struct{ X, W float64 }

const (
	chartW, chartH = 900.0, 120.0
	maxPoints      = 900 // wider series are reduced to the maximum of neighbouring points
)

func buildChart(m *monitor, i int) chart {
	f := m.filters[i]
	pts := m.points[i]
	c := chart{Name: f.Name, Metric: f.Metric, Matches: m.counts[i], Threshold: f.Threshold, Width: int(chartW)}
	n := min(len(pts), maxPoints)
	vals := make([]float64, n)
	alarming := make([]bool, n)
	for k, p := range pts {
		j := k * n / len(pts)
		vals[j] = math.Max(vals[j], p.value)
		alarming[j] = alarming[j] || p.state == alarm.Alarming
	}
	c.Top = math.Max(f.Threshold*1.2, 1)
	for _, v := range vals {
		c.Top = math.Max(c.Top, v)
	}
	y := func(v float64) float64 { return chartH - v/c.Top*(chartH-10) }
	x := func(j int) float64 { return float64(j) * chartW / float64(max(n-1, 1)) }
	var b strings.Builder
	for j, v := range vals {
		fmt.Fprintf(&b, "%.1f,%.1f ", x(j), y(v))
		if alarming[j] {
			if len(c.Alarms) > 0 && j > 0 && alarming[j-1] {
				c.Alarms[len(c.Alarms)-1].W = x(j) - c.Alarms[len(c.Alarms)-1].X + chartW/float64(n)
			} else {
				c.Alarms = append(c.Alarms, span{X: x(j), W: chartW / float64(n)})
			}
		}
	}
	c.Line = b.String()
	if len(pts) > 0 {
		c.From, c.To = pts[0].t.Format("2006-01-02 15:04"), pts[len(pts)-1].t.Format("2006-01-02 15:04")
	}
	c.ThresholdY = y(f.Threshold)
	return c
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>cwfilter CloudTrail monitor</title>
<style>body{font-family:sans-serif;margin:2em}svg{background:#fafafa;border:1px solid #ddd}
h2{font-size:1em;margin:1.5em 0 .3em}.t{color:#666;font-size:.9em}</style></head><body>
<h1>CloudTrail monitor</h1>
<p class="t">5-minute Sum at each simulated evaluation minute (idle stretches left out). Red dashed line: alarm threshold; red shading: alarm in ALARM.</p>
{{range .}}<h2>{{.Metric}} — {{.Name}}</h2><div class="t">{{.Matches}} matching events; alarm when Sum ≥ {{.Threshold}} in 5 minutes</div>
<svg width="{{.Width}}" height="120" viewBox="0 0 900 120">
{{range .Alarms}}<rect x="{{printf "%.1f" .X}}" y="0" width="{{printf "%.1f" .W}}" height="120" fill="#f8d0d0"/>{{end}}
<line x1="0" x2="900" y1="{{printf "%.1f" .ThresholdY}}" y2="{{printf "%.1f" .ThresholdY}}" stroke="#c00" stroke-dasharray="4 3"/>
<polyline fill="none" stroke="#225" stroke-width="1.2" points="{{.Line}}"/>
<text x="4" y="12" font-size="10" fill="#666">{{.Top}}</text></svg>
<div class="t" style="width:900px;display:flex;justify-content:space-between"><span>{{.From}} UTC</span><span>{{.To}} UTC</span></div>
{{end}}</body></html>
`))

func writeHTML(w io.Writer, m *monitor) error {
	charts := make([]chart, len(m.filters))
	for i := range m.filters {
		charts[i] = buildChart(m, i)
	}
	return page.Execute(w, charts)
}
