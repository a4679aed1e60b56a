package summary

import (
	"math"
	"strings"
	"unicode/utf8"
)

const (
	markOK     = "✓"
	markFail   = "✗"
	baseIndent = "     "
)

// palette colours text unless disabled.
type palette struct{ off bool }

func (p palette) paint(code, s string) string {
	if p.off || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) green(s string) string { return p.paint("32", s) }
func (p palette) red(s string) string   { return p.paint("31", s) }
func (p palette) cyan(s string) string  { return p.paint("36", s) }
func (p palette) faint(s string) string { return p.paint("2", s) }

func (p palette) mark(ok bool) string {
	if ok {
		return p.green(markOK)
	}
	return p.red(markFail)
}

// Text renders data (from Build) as k6's end-of-test summary: the checks
// of each group with ✓/✗ (and the pass share of failing ones), then every
// metric with dotted alignment, ✓/✗ before metrics that carry thresholds,
// and trend columns from opts.SummaryTrendStats (or data's options). ANSI
// colours unless opts.NoColor.
func Text(data map[string]any, opts Options) string {
	opts = readOptions(data, opts)
	pal := palette{off: opts.NoColor}
	var b strings.Builder
	b.WriteByte('\n')
	writeGroup(&b, readGroup(data["root_group"]), baseIndent, pal)
	writeMetrics(&b, readMetrics(data), opts, pal)
	return b.String()
}

func writeGroup(b *strings.Builder, g groupView, indent string, pal palette) {
	for _, c := range g.checks {
		ok := c.fails == 0
		line := indent + pal.mark(ok) + " " + c.name
		if !ok {
			line = indent + pal.red(markFail+" "+c.name)
		}
		b.WriteString(line + "\n")
		if !ok {
			pct := 0.0
			if total := c.passes + c.fails; total > 0 {
				pct = math.Floor(100 * c.passes / total)
			}
			b.WriteString(indent + pal.red(" ↳  "+trimFixed(pct, 0)+"% — "+markOK+" "+trimFixed(c.passes, 0)+" / "+markFail+" "+trimFixed(c.fails, 0)) + "\n")
		}
	}
	if len(g.checks) > 0 {
		b.WriteByte('\n')
	}
	for _, sub := range g.groups {
		b.WriteString(indent + "█ " + sub.name + "\n\n")
		writeGroup(b, sub, indent+"  ", pal)
	}
}

// metricLine is one rendered metric before alignment.
type metricLine struct {
	m     metricView
	name  string   // display name
	cols  []string // value columns (non-trend) or stat=value cells (trend)
	trend bool
}

func writeMetrics(b *strings.Builder, ms []metricView, opts Options, pal palette) {
	lines := make([]metricLine, 0, len(ms))
	nameW := 0
	var trendW, otherW []int
	for _, m := range ms {
		l := metricLine{m: m, name: m.key, trend: m.typ == "trend"}
		if m.tags != "" {
			l.name = "  { " + m.tags + " }"
		}
		nameW = max(nameW, width(l.name))
		if l.trend {
			l.cols = trendCells(m, opts)
			trendW = widen(trendW, l.cols)
		} else {
			l.cols = valueCells(m, opts.SummaryTimeUnit)
			otherW = widen(otherW, l.cols)
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		prefix := baseIndent
		if len(l.m.thresholds) > 0 {
			prefix = baseIndent[:len(baseIndent)-2] + pal.mark(l.m.thresholdsOK()) + " "
		}
		widths := otherW
		if l.trend {
			widths = trendW
		}
		cells := make([]string, len(l.cols))
		for i, c := range l.cols {
			cells[i] = pal.cyan(c)
			if i < len(l.cols)-1 {
				cells[i] += strings.Repeat(" ", widths[i]-width(c))
			}
		}
		dots := strings.Repeat(".", nameW-width(l.name)+3)
		b.WriteString(prefix + l.name + pal.faint(dots+":") + " " + strings.Join(cells, " ") + "\n")
	}
}

func trendCells(m metricView, opts Options) []string {
	cells := make([]string, 0, len(opts.SummaryTrendStats))
	for _, stat := range opts.SummaryTrendStats {
		v, ok := m.values[stat]
		if !ok {
			continue
		}
		val := trimFixed(v, 6)
		if stat != "count" {
			val = formatValue(v, m.contains, opts.SummaryTimeUnit)
		}
		cells = append(cells, stat+"="+val)
	}
	return cells
}

func valueCells(m metricView, timeUnit string) []string {
	v := m.values
	switch m.typ {
	case "counter":
		return []string{formatValue(v["count"], m.contains, timeUnit), formatValue(v["rate"], m.contains, timeUnit) + "/s"}
	case "gauge":
		return []string{
			formatValue(v["value"], m.contains, timeUnit),
			"min=" + formatValue(v["min"], m.contains, timeUnit),
			"max=" + formatValue(v["max"], m.contains, timeUnit),
		}
	case "rate":
		return []string{formatRate(v["rate"]), markOK + " " + trimFixed(v["passes"], 0), markFail + " " + trimFixed(v["fails"], 0)}
	}
	return nil
}

// widen grows column widths to fit cells.
func widen(widths []int, cells []string) []int {
	for i, c := range cells {
		if i >= len(widths) {
			widths = append(widths, 0)
		}
		widths[i] = max(widths[i], width(c))
	}
	return widths
}

func width(s string) int { return utf8.RuneCountInString(s) }
