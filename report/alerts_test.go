package report

import (
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// TestAlertTracks: raw ALERTS samples become pending and firing
// intervals per label set, split where a silence longer than three
// evaluations falls, open when the alert is still active at the end.
func TestAlertTracks(t *testing.T) {
	t.Parallel()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	pts := func(from, to int) []assertions.Point {
		var out []assertions.Point
		for s := from; s <= to; s++ {
			out = append(out, assertions.Point{Time: at(s), Value: 1})
		}
		return out
	}
	series := func(name, state string, p []assertions.Point, labels ...string) assertions.Series {
		l := map[string]string{"__name__": "ALERTS", "alertname": name, "alertstate": state}
		for i := 0; i+1 < len(labels); i += 2 {
			l[labels[i]] = labels[i+1]
		}
		return assertions.Series{Labels: l, Points: p}
	}
	iv := func(state string, from, to int, open bool) Interval {
		return Interval{State: state, Start: at(from), End: at(to), Open: open}
	}
	tests := []struct {
		name   string
		series []assertions.Series
		to     int
		want   []Interval
	}{
		{"pending, firing, resolved", []assertions.Series{
			series("A", "pending", pts(10, 14)), series("A", "firing", pts(15, 30)),
		}, 60, []Interval{iv("pending", 10, 15, false), iv("firing", 15, 31, false)}},
		{"still firing at the end", []assertions.Series{
			series("A", "pending", pts(10, 14)), series("A", "firing", pts(15, 58)),
		}, 60, []Interval{iv("pending", 10, 15, false), iv("firing", 15, 60, true)}},
		{"pending that cleared without firing", []assertions.Series{
			series("A", "pending", pts(10, 12)),
		}, 60, []Interval{iv("pending", 10, 13, false)}},
		{"fired twice: a silence of more than three evaluations splits", []assertions.Series{
			series("A", "firing", append(pts(10, 20), pts(30, 40)...)),
		}, 60, []Interval{iv("firing", 10, 21, false), iv("firing", 30, 41, false)}},
		{"a missed evaluation does not split", []assertions.Series{
			series("A", "firing", append(pts(10, 20), pts(23, 30)...)),
		}, 60, []Interval{iv("firing", 10, 31, false)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := alertTracks(tc.series, at(tc.to), time.Second)
			if len(got) != 1 {
				t.Fatalf("%d tracks, want 1: %+v", len(got), got)
			}
			if len(got[0].Intervals) != len(tc.want) {
				t.Fatalf("intervals %+v, want %+v", got[0].Intervals, tc.want)
			}
			for i, w := range tc.want {
				g := got[0].Intervals[i]
				if g.State != w.State || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.Open != w.Open {
					t.Errorf("interval %d: %s %s–%s open=%v, want %s %s–%s open=%v", i,
						g.State, g.Start.Format("05"), g.End.Format("05"), g.Open, w.State, w.Start.Format("05"), w.End.Format("05"), w.Open)
				}
			}
		})
	}
	t.Run("a track per label set, labels without alertname and alertstate", func(t *testing.T) {
		t.Parallel()
		got := alertTracks([]assertions.Series{
			series("B", "firing", pts(20, 25), "tool_name", "echo"),
			series("B", "firing", pts(10, 15), "tool_name", "fail"),
		}, at(60), time.Second)
		if len(got) != 2 || got[0].Labels["tool_name"] != "fail" || got[1].Labels["tool_name"] != "echo" {
			t.Fatalf("tracks %+v, want fail then echo (by start)", got)
		}
		if _, ok := got[0].Labels["alertstate"]; ok || got[0].Labels["alertname"] != "" {
			t.Errorf("labels %v keep alertname or alertstate", got[0].Labels)
		}
	})
}

func TestChooseStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		span, step, want time.Duration
	}{
		{time.Minute, 0, time.Second},
		{4 * time.Minute, 0, time.Second},
		{time.Hour, 0, 6 * time.Second},
		{time.Hour, 500 * time.Millisecond, time.Second},
		{24 * time.Hour, time.Second, 9 * time.Second}, // 10,000 points at most
		{time.Minute, 1500 * time.Millisecond, 2 * time.Second},
	}
	for _, tc := range tests {
		if got := chooseStep(tc.span, tc.step); got != tc.want {
			t.Errorf("chooseStep(%s, %s) = %s, want %s", tc.span, tc.step, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{fmtDuration(850 * time.Millisecond), "850ms"},
		{fmtDuration(500 * time.Microsecond), "0.5ms"},
		{fmtDuration(3100 * time.Millisecond), "3.10s"},
		{fmtDuration(16150 * time.Millisecond), "16.1s"},
		{fmtDuration(125 * time.Second), "2m05s"},
		{fmtAfter(-2 * time.Second), "-2.00s"},
		{fmtUnit(0.0042, UnitRatio), "0.4%"},
		{fmtUnit(0.25, UnitRatio), "25%"},
		{fmtUnit(0.547, UnitSeconds), "547ms"},
		{fmtUnit(41.666, UnitPerSecond), "41.7/s"},
		{fmtUnit(0, UnitUp), "down"},
		{fmtValue(map[string]int{"found": 3}), `{"found":3}`},
		{fmtValue(0.5470001), "0.547"},
		{mdText("a|b <i>*x*</i>\nc"), `a\|b &lt;i&gt;\*x\*&lt;/i&gt; c`},
		{mdCode(`sum by (le) (x{a="1"} | y)`), "`sum by (le) (x{a=\"1\"} \\| y)`"},
		{clip("MCPToolHighLatency", 8), "MCPTool…"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
