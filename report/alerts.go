package report

import (
	"sort"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// minAlertGap is the shortest silence that ends an alert's stretch; the
// real threshold is three rule evaluations, as assertions.Occurrence has
// it.
const minAlertGap = 3 * time.Second

type alertSample struct {
	at    time.Time
	state string
}

// alertTracks turns raw ALERTS samples into one track per label set, each
// a run of pending and firing intervals. A sample says the state held at
// that rule evaluation; an interval ends one evaluation after its last
// sample, or where the next state begins.
func alertTracks(series []assertions.Series, to time.Time, step time.Duration) []AlertTrack {
	type acc struct {
		track   AlertTrack
		samples []alertSample
	}
	byKey := map[string]*acc{}
	var keys []string
	for _, s := range series {
		labels := map[string]string{}
		for k, v := range s.Labels {
			if k != "alertstate" && k != "alertname" && k != "__name__" {
				labels[k] = v
			}
		}
		key := s.Labels["alertname"] + labelText(labels)
		a := byKey[key]
		if a == nil {
			a = &acc{track: AlertTrack{Name: s.Labels["alertname"], Labels: labels}}
			byKey[key] = a
			keys = append(keys, key)
		}
		for _, pt := range s.Points {
			a.samples = append(a.samples, alertSample{pt.Time, s.Labels["alertstate"]})
		}
	}
	out := make([]AlertTrack, 0, len(keys))
	for _, k := range keys {
		a := byKey[k]
		a.track.Intervals = intervals(a.samples, to, step)
		out = append(out, a.track)
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := out[i].Intervals[0].Start, out[j].Intervals[0].Start
		if !si.Equal(sj) {
			return si.Before(sj)
		}
		return out[i].Name+labelText(out[i].Labels) < out[j].Name+labelText(out[j].Labels)
	})
	return out
}

// intervals splits samples (of one label set) where the state changes or
// a silence longer than three evaluations falls.
func intervals(samples []alertSample, to time.Time, fallback time.Duration) []Interval {
	sort.SliceStable(samples, func(i, j int) bool { return samples[i].at.Before(samples[j].at) })
	every := spacing(samples, fallback)
	gap := max(minAlertGap, 3*every)
	var out []Interval
	var last time.Time // the latest sample
	for _, s := range samples {
		n := len(out)
		switch {
		case n > 0 && s.at.Equal(last):
			continue
		case n > 0 && s.at.Sub(last) > gap:
			out[n-1].End = minTime(last.Add(every), to)
			out = append(out, Interval{State: s.state, Start: s.at})
		case n > 0 && s.state != out[n-1].State:
			out[n-1].End = s.at // the next state begins where this one ends
			out = append(out, Interval{State: s.state, Start: s.at})
		case n == 0:
			out = append(out, Interval{State: s.state, Start: s.at})
		}
		last = s.at
	}
	if n := len(out); n > 0 {
		out[n-1].Open = to.Sub(last) <= gap
		out[n-1].End = minTime(last.Add(every), to)
		if out[n-1].Open {
			out[n-1].End = to
		}
	}
	return out
}

// spacing is the usual time between samples: the rule's evaluation
// interval.
func spacing(samples []alertSample, fallback time.Duration) time.Duration {
	var d []time.Duration
	for i := 1; i < len(samples); i++ {
		if x := samples[i].at.Sub(samples[i-1].at); x > 0 {
			d = append(d, x)
		}
	}
	if len(d) == 0 {
		return fallback
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// labelText is {a="1", b="2"}, sorted; "" for no labels.
func labelText(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + `="` + m[k] + `"`
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
