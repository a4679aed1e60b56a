package report

import (
	"math"
	"time"
)

// timeAxis maps times between from and to onto x0..x1.
type timeAxis struct {
	from, to time.Time
	x0, x1   float64
}

// x is t's position, clamped to the axis.
func (a timeAxis) x(t time.Time) float64 {
	span := a.to.Sub(a.from)
	if span <= 0 {
		return a.x0
	}
	f := float64(t.Sub(a.from)) / float64(span)
	return a.x0 + math.Max(0, math.Min(1, f))*(a.x1-a.x0)
}

// tick is one labelled time on the axis.
type tick struct {
	X     float64
	Label string
}

// ticks labels the axis at a round interval, about every 110 units.
func (a timeAxis) ticks() []tick {
	span := a.to.Sub(a.from)
	if span <= 0 {
		return nil
	}
	steps := []time.Duration{
		time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
		time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
	}
	want := span / time.Duration(math.Max(2, (a.x1-a.x0)/110))
	step := steps[len(steps)-1]
	for _, s := range steps {
		if s >= want {
			step = s
			break
		}
	}
	layout := "15:04:05"
	if step >= time.Minute {
		layout = "15:04"
	}
	var out []tick
	for t := a.from.Truncate(step); !t.After(a.to); t = t.Add(step) {
		if t.Before(a.from) {
			continue
		}
		out = append(out, tick{X: a.x(t), Label: t.UTC().Format(layout)})
	}
	return out
}

// niceMax is the smallest 1, 2 or 5 × 10^k at or above v (v > 0).
func niceMax(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}
