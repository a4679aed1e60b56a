package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
)

// Timeline is what the backends saw around the run, on one time axis: the
// alerts' states and a few metric panels. It is written to timeline.json
// so the report re-renders without backends.
type Timeline struct {
	From time.Time     `json:"from"`
	To   time.Time     `json:"to"`
	Step time.Duration `json:"stepNs"`
	// AlertsQuery is the ALERTS selector read; AlertsError its error.
	AlertsQuery string       `json:"alertsQuery,omitempty"`
	AlertsError string       `json:"alertsError,omitempty"`
	Alerts      []AlertTrack `json:"alerts"`
	Panels      []Panel      `json:"panels"`
}

// AlertTrack is one alert (one label set) over the timeline.
type AlertTrack struct {
	Name string `json:"name"`
	// Labels are the alert's labels but alertname and alertstate.
	Labels    map[string]string `json:"labels,omitempty"`
	Intervals []Interval        `json:"intervals"`
}

// Alert states of an Interval, as Prometheus's ALERTS series has them.
const (
	StatePending = "pending"
	StateFiring  = "firing"
)

// Interval is a stretch of one state. End is when the state was no longer
// seen, to one rule evaluation; Open says it still held at the end of the
// timeline. A firing interval that is not open ends with the alert's
// resolution.
type Interval struct {
	State string    `json:"state"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Open  bool      `json:"open,omitempty"`
}

// Unit says how a panel's values read.
type Unit string

// The units of the default panels.
const (
	UnitUp        Unit = "up"         // 1 up, 0 down
	UnitSeconds   Unit = "seconds"    // a duration
	UnitRatio     Unit = "ratio"      // 0..1, shown as a percentage
	UnitPerSecond Unit = "per_second" // a rate
)

// Panel is one small chart of the timeline.
type Panel struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Unit  Unit   `json:"unit"`
	Lines []Line `json:"lines"`
}

// Line is one query of a panel and the series it returned. Error is the
// query's error; its series are then empty.
type Line struct {
	Name   string              `json:"name"`
	Query  string              `json:"query"`
	Series []assertions.Series `json:"series"`
	Error  string              `json:"error,omitempty"`
}

// Points counts the panel's data points.
func (p Panel) Points() int {
	n := 0
	for _, l := range p.Lines {
		for _, s := range l.Series {
			n += len(s.Points)
		}
	}
	return n
}

// Errors lists the queries that failed, each naming what it was for.
func (t Timeline) Errors() []string {
	var out []string
	if t.AlertsError != "" {
		out = append(out, fmt.Sprintf("alerts (%s): %s", t.AlertsQuery, t.AlertsError))
	}
	for _, p := range t.Panels {
		for _, l := range p.Lines {
			if l.Error != "" {
				out = append(out, fmt.Sprintf("%s, %s (%s): %s", p.Title, l.Name, l.Query, l.Error))
			}
		}
	}
	return out
}

// SaveTimeline writes t to dir/timeline.json.
func SaveTimeline(dir string, t Timeline) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", TimelineFile, err)
	}
	if err := atomicfile.Write(filepath.Join(dir, TimelineFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", TimelineFile, err)
	}
	return nil
}

// LoadTimeline reads dir/timeline.json.
func LoadTimeline(dir string) (Timeline, error) {
	var t Timeline
	ok, err := readJSON(dir, TimelineFile, &t)
	if err == nil && !ok {
		err = fmt.Errorf("%s: %w", filepath.Join(dir, TimelineFile), os.ErrNotExist)
	}
	return t, err
}
