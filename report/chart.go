package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// Geometry of the timeline, in SVG user units.
const (
	chartWidth  = 1200.0
	plotLeft    = 230.0 // labels left of it
	plotRight   = chartWidth - 16
	axisHeight  = 22.0
	laneHeight  = 26.0
	panelHeight = 78.0
	panelGap    = 10.0
	sectionGap  = 16.0
)

// The colours, one meaning each.
const (
	colorPending = "#f59e0b"
	colorFiring  = "#dc2626"
	colorOK      = "#16a34a"
	colorFault   = "#6366f1"
	colorBad     = "#991b1b"
)

// seriesColors are the lines of a panel, in order.
func seriesColors() []string { return []string{"#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2"} }

// svgRect, svgText, svgLine and svgPath are the elements the template
// draws; Title becomes a tooltip.
type svgRect struct {
	X, Y, W, H  float64
	Fill, Class string
	Title       string
}

type svgText struct {
	X, Y   float64
	Text   string
	Anchor string // start, middle, end
	Class  string
	Title  string
}

type svgLine struct {
	X1, Y1, X2, Y2 float64
	Stroke, Class  string
}

type svgPath struct {
	Points string // "x,y x,y ..."
	Stroke string
	Class  string
	Title  string
}

type svgMarker struct {
	X, Y  float64
	Fill  string
	Title string
}

// chartView is the whole timeline SVG.
type chartView struct {
	Width, Height float64
	PlotLeft      float64
	PlotRight     float64
	// FromMs and ToMs are the axis ends, for the crosshair script.
	FromMs, ToMs int64
	Backs        []svgRect // panel backgrounds, behind everything
	Bands        []svgRect // fault windows, over the backgrounds
	Rects        []svgRect
	Lines        []svgLine
	Paths        []svgPath
	Markers      []svgMarker
	Texts        []svgText
	// Points counts the data points drawn (the browser test counts them).
	Points int
}

// chart lays the timeline out: the fault lanes, the assertions' moments,
// a row per alert, then the metric panels, on one time axis.
func (r *Run) chart() chartView {
	from, to := r.axisRange()
	ax := timeAxis{from: from, to: to, x0: plotLeft, x1: plotRight}
	c := &chartView{Width: chartWidth, PlotLeft: plotLeft, PlotRight: plotRight, FromMs: from.UnixMilli(), ToMs: to.UnixMilli()}
	y := axisHeight
	top := y
	y = r.faultLanes(c, ax, y)
	y = r.assertionLane(c, ax, y)
	y += sectionGap / 2
	if tl := r.Timeline; tl != nil {
		y = alertRows(c, ax, *tl, y)
		y += sectionGap / 2
		for _, p := range tl.Panels {
			y = panelRows(c, ax, tl.Step, p, y)
		}
	}
	bottom := y
	for _, f := range r.Faults {
		end := f.End()
		if end.IsZero() || !f.Reverted() {
			end = to
		}
		c.Bands = append(c.Bands, svgRect{X: ax.x(f.InjectedAt), Y: top, W: max(2, ax.x(end)-ax.x(f.InjectedAt)), H: bottom - top, Class: "band", Fill: bandFill(f)})
	}
	for _, t := range ax.ticks() {
		c.Lines = append(c.Lines, svgLine{X1: t.X, Y1: top, X2: t.X, Y2: bottom, Class: "grid"})
		c.Texts = append(c.Texts, svgText{X: t.X, Y: axisHeight - 7, Text: t.Label, Anchor: "middle", Class: "tick"})
		c.Texts = append(c.Texts, svgText{X: t.X, Y: bottom + 15, Text: t.Label, Anchor: "middle", Class: "tick"})
	}
	c.Texts = append(c.Texts, svgText{X: 8, Y: axisHeight - 7, Text: "time (UTC)", Class: "tick"})
	c.Height = bottom + axisHeight
	return *c
}

// axisRange is the timeline's range, widened to hold every fault and
// assertion; a run with neither gets one minute.
func (r *Run) axisRange() (time.Time, time.Time) {
	from, to := r.Span()
	if tl := r.Timeline; tl != nil && !tl.From.IsZero() {
		if from.IsZero() || tl.From.Before(from) {
			from = tl.From
		}
		if tl.To.After(to) {
			to = tl.To
		}
	}
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if !to.After(from) {
		to = from.Add(time.Minute)
	}
	return from, to
}

func bandFill(f Fault) string {
	if !f.Reverted() {
		return "url(#unreverted)"
	}
	return colorFault
}

// faultLanes draws each fault's window as a labelled bar, overlapping
// faults on lanes of their own.
func (r *Run) faultLanes(c *chartView, ax timeAxis, y float64) float64 {
	c.Texts = append(c.Texts, svgText{X: 8, Y: y + 16, Text: "Faults", Class: "section"})
	if len(r.Faults) == 0 {
		c.Texts = append(c.Texts, svgText{X: plotLeft + 6, Y: y + 16, Text: "no fault injected", Class: "muted"})
		return y + laneHeight
	}
	var laneEnds []time.Time
	for _, f := range r.Faults {
		end := f.End()
		if end.IsZero() || !f.Reverted() {
			end = ax.to
		}
		lane := 0
		for lane < len(laneEnds) && f.InjectedAt.Before(laneEnds[lane]) {
			lane++
		}
		if lane == len(laneEnds) {
			laneEnds = append(laneEnds, end)
		}
		laneEnds[lane] = end
		ly := y + float64(lane)*laneHeight
		x0, x1 := ax.x(f.InjectedAt), ax.x(end)
		fill, label := colorFault, f.Label()
		switch {
		case !f.Reverted():
			fill, label = colorBad, label+" — NOT REVERTED"
		case f.State == FaultNotEffective:
			fill, label = colorPending, label+" — never took effect"
		}
		title := fmt.Sprintf("%s %s: injected %s, %s", f.ID, f.Label(), fmtClock(f.InjectedAt), stateText(f))
		c.Rects = append(c.Rects, svgRect{X: x0, Y: ly + 3, W: max(3, x1-x0), H: laneHeight - 6, Fill: fill, Class: "fault", Title: title})
		c.Texts = append(c.Texts, barLabel(x0, x1, ly+laneHeight/2+4, label, title))
	}
	return y + float64(len(laneEnds))*laneHeight
}

// labelWidth guesses the width of a fault label (11px bold sans).
func labelWidth(s string) float64 { return 6.6 * float64(len([]rune(s))) }

// barLabel puts a label inside its bar when it fits, else after the bar,
// else before it, in a colour that reads on what is behind it.
func barLabel(x0, x1, y float64, label, title string) svgText {
	w := labelWidth(label)
	switch {
	case w+10 <= x1-x0:
		return svgText{X: x0 + 5, Y: y, Text: label, Class: "faultlabel", Title: title}
	case x1+5+w <= plotRight:
		return svgText{X: x1 + 5, Y: y, Text: label, Class: "faultlabel outside", Title: title}
	}
	return svgText{X: x0 - 5, Y: y, Text: label, Anchor: "end", Class: "faultlabel outside", Title: title}
}

// assertionLane marks when each assertion decided: where it held, or
// where it gave up, with a thin line back to the moment it counts from.
func (r *Run) assertionLane(c *chartView, ax timeAxis, y float64) float64 {
	c.Texts = append(c.Texts, svgText{X: 8, Y: y + 16, Text: "Assertions", Class: "section"})
	mid := y + laneHeight/2
	for _, e := range r.Results {
		at := e.HeldAt
		if at.IsZero() {
			at = e.Ended
		}
		if at.IsZero() {
			continue
		}
		color := statusColor(e.Status)
		title := fmt.Sprintf("%s %s: %s", strings.ToUpper(string(e.Status)), subject(e), e.Why)
		if !e.Since.IsZero() {
			c.Lines = append(c.Lines, svgLine{X1: ax.x(e.Since), Y1: mid, X2: ax.x(at), Y2: mid, Stroke: color, Class: "detect"})
		}
		c.Markers = append(c.Markers, svgMarker{X: ax.x(at), Y: mid, Fill: color, Title: title})
	}
	return y + laneHeight
}

// alertRows draws one row per alert: pending and firing bars, a tick
// where it resolved.
func alertRows(c *chartView, ax timeAxis, tl Timeline, y float64) float64 {
	c.Texts = append(c.Texts, svgText{X: 8, Y: y + 16, Text: "Alerts", Class: "section"})
	switch {
	case tl.AlertsError != "":
		c.Texts = append(c.Texts, svgText{X: plotLeft + 6, Y: y + 16, Text: "alert states unknown: the query failed (the error is above the chart)", Class: "error", Title: tl.AlertsError})
		return y + laneHeight
	case len(tl.Alerts) == 0:
		c.Texts = append(c.Texts, svgText{X: plotLeft + 6, Y: y + 16, Text: "no alert was pending or firing", Class: "muted"})
		return y + laneHeight
	}
	y += laneHeight
	for _, a := range tl.Alerts {
		name := a.Name + labelText(a.Labels)
		if len(a.Labels) == 0 {
			c.Texts = append(c.Texts, svgText{X: plotLeft - 8, Y: y + laneHeight/2 + 4, Text: clip(a.Name, 36), Anchor: "end", Class: "alertname", Title: name})
		} else {
			c.Texts = append(c.Texts,
				svgText{X: plotLeft - 8, Y: y + 11, Text: clip(a.Name, 36), Anchor: "end", Class: "alertname", Title: name},
				svgText{X: plotLeft - 8, Y: y + 21, Text: clip(labelText(a.Labels), 44), Anchor: "end", Class: "alertlabels", Title: name})
		}
		c.Lines = append(c.Lines, svgLine{X1: plotLeft, Y1: y + laneHeight/2, X2: plotRight, Y2: y + laneHeight/2, Class: "lane"})
		for _, iv := range a.Intervals {
			x0, x1 := ax.x(iv.Start), ax.x(iv.End)
			h, fill := 10.0, colorPending
			if iv.State == StateFiring {
				h, fill = 16, colorFiring
			}
			title := fmt.Sprintf("%s %s from %s to %s (%s)", name, iv.State, fmtClock(iv.Start), fmtClock(iv.End), fmtDuration(iv.End.Sub(iv.Start)))
			if iv.Open {
				title = fmt.Sprintf("%s %s from %s, still at the end", name, iv.State, fmtClock(iv.Start))
			}
			c.Rects = append(c.Rects, svgRect{X: x0, Y: y + (laneHeight-h)/2, W: max(2, x1-x0), H: h, Fill: fill, Class: iv.State, Title: title})
			if iv.State == StateFiring && !iv.Open {
				c.Lines = append(c.Lines, svgLine{X1: x1, Y1: y + 2, X2: x1, Y2: y + laneHeight - 2, Stroke: colorOK, Class: "resolved"})
			}
		}
		y += laneHeight
	}
	return y
}

// panelRows draws a metric panel: its lines, its scale, and its errors.
func panelRows(c *chartView, ax timeAxis, step time.Duration, p Panel, y float64) float64 {
	top, bottom := y+4, y+panelHeight
	c.Texts = append(c.Texts, svgText{X: 8, Y: y + 16, Text: p.Title, Class: "section"})
	c.Backs = append(c.Backs, svgRect{X: plotLeft, Y: top, W: plotRight - plotLeft, H: bottom - top, Class: "panel"})
	ymax := panelMax(p)
	yOf := func(v float64) float64 { return bottom - (min(v, ymax)/ymax)*(bottom-top) }
	c.Texts = append(c.Texts,
		svgText{X: plotLeft - 6, Y: top + 9, Text: fmtUnit(ymax, p.Unit), Anchor: "end", Class: "tick"},
		svgText{X: plotLeft - 6, Y: bottom, Text: fmtUnit(0, p.Unit), Anchor: "end", Class: "tick"})
	if p.Unit != UnitUp {
		mid := yOf(ymax / 2)
		c.Lines = append(c.Lines, svgLine{X1: plotLeft, Y1: mid, X2: plotRight, Y2: mid, Class: "mid"})
		c.Texts = append(c.Texts, svgText{X: plotLeft - 6, Y: mid + 4, Text: fmtUnit(ymax/2, p.Unit), Anchor: "end", Class: "tick"})
	}
	colors := seriesColors()
	n, legendY := 0, y+30
	for _, l := range p.Lines {
		if l.Error != "" {
			c.Texts = append(c.Texts, svgText{X: plotLeft + 6, Y: legendY - 12, Text: fmt.Sprintf("%s: query failed (the error is above the chart)", l.Name), Class: "error", Title: l.Query + "\n" + l.Error})
			legendY += 12
			continue
		}
		for _, s := range l.Series {
			color := colors[n%len(colors)]
			n++
			name := l.Name + labelText(dropName(s.Labels))
			if len(p.Lines) > 1 || len(l.Series) > 1 {
				c.Texts = append(c.Texts, svgText{X: 26, Y: legendY, Text: clip(name, 30), Class: "legend", Title: name + ": " + l.Query})
				c.Rects = append(c.Rects, svgRect{X: 8, Y: legendY - 5, W: 14, H: 3, Fill: color, Class: "swatch"})
				legendY += 12
			}
			if p.Unit == UnitUp {
				downBars(c, ax, step, s, top, bottom)
			}
			for _, seg := range segments(s.Points, step) {
				var b strings.Builder
				for _, pt := range seg {
					fmt.Fprintf(&b, "%.1f,%.1f ", ax.x(pt.Time), yOf(pt.Value))
				}
				c.Paths = append(c.Paths, svgPath{Points: strings.TrimSpace(b.String()), Stroke: color, Class: "series", Title: name + ": " + l.Query})
				c.Points += len(seg)
			}
		}
	}
	if p.Points() == 0 && !hasError(p) {
		c.Texts = append(c.Texts, svgText{X: plotLeft + 6, Y: bottom - 8, Text: "no data", Class: "muted", Title: queriesOf(p)})
	}
	return bottom + panelGap
}

// downBars shades where an up/down series was down.
func downBars(c *chartView, ax timeAxis, step time.Duration, s assertions.Series, top, bottom float64) {
	var start time.Time
	flush := func(end time.Time) {
		if !start.IsZero() {
			c.Rects = append(c.Rects, svgRect{X: ax.x(start), Y: top, W: max(2, ax.x(end)-ax.x(start)), H: bottom - top, Fill: colorFiring, Class: "down",
				Title: fmt.Sprintf("down from %s to %s", fmtClock(start), fmtClock(end))})
			start = time.Time{}
		}
	}
	for _, pt := range s.Points {
		if pt.Value < 0.5 && start.IsZero() {
			start = pt.Time
		} else if pt.Value >= 0.5 {
			flush(pt.Time)
		}
	}
	if n := len(s.Points); n > 0 {
		flush(s.Points[n-1].Time.Add(step))
	}
}

// segments splits points where more than two steps pass without one.
func segments(pts []assertions.Point, step time.Duration) [][]assertions.Point {
	var out [][]assertions.Point
	start := 0
	for i := 1; i <= len(pts); i++ {
		if i == len(pts) || pts[i].Time.Sub(pts[i-1].Time) > 2*step+step/2 {
			if i > start {
				out = append(out, pts[start:i])
			}
			start = i
		}
	}
	return out
}

// panelMax is the top of a panel's scale: 1 for up/down, else a round
// number above the largest value (at least 1% for ratios).
func panelMax(p Panel) float64 {
	if p.Unit == UnitUp {
		return 1
	}
	m := 0.0
	for _, l := range p.Lines {
		for _, s := range l.Series {
			for _, pt := range s.Points {
				m = max(m, pt.Value)
			}
		}
	}
	switch p.Unit {
	case UnitRatio:
		return min(1, niceMax(max(m, 0.01)))
	case UnitSeconds:
		return niceMax(max(m, 0.001))
	}
	return niceMax(m)
}

func hasError(p Panel) bool {
	for _, l := range p.Lines {
		if l.Error != "" {
			return true
		}
	}
	return false
}

func queriesOf(p Panel) string {
	var qs []string
	for _, l := range p.Lines {
		qs = append(qs, l.Query)
	}
	return strings.Join(qs, "\n")
}

// dropName leaves __name__ out of a series' labels.
func dropName(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if k != "__name__" {
			out[k] = v
		}
	}
	return out
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func statusColor(s assertions.Status) string {
	switch s {
	case assertions.Pass:
		return colorOK
	case assertions.Fail:
		return colorFiring
	}
	return colorPending
}
