package stream

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

func counter(t *testing.T) *metrics.Metric {
	t.Helper()
	m, err := metrics.NewRegistry().NewMetric("c", metrics.Counter)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPipeBounds: the buffer keeps at most its cap and kicks the flusher
// when half full; the table keeps at most its series; what does not fit is
// counted and reported with what to do.
func TestPipeBounds(t *testing.T) {
	t.Parallel()
	m := counter(t)
	p := NewPipe(10, 2, func(*metrics.Metric) *float64 { return new(float64) }, func(a *float64, s metrics.Sample) { *a += s.Value })
	batch := make([]metrics.Sample, 4)
	for i := range batch {
		batch[i] = metrics.Sample{Metric: m, Tags: metrics.NewTagSet(map[string]string{"i": string(rune('a' + i%3))}), Value: 1, Time: time.Now()}
	}
	p.Buf.Add(batch)
	select {
	case <-p.Buf.Kick():
		t.Fatal("kicked below half full")
	default:
	}
	p.Buf.Add(batch)
	p.Buf.Add(batch)
	select {
	case <-p.Buf.Kick():
	default:
		t.Fatal("no kick at half full")
	}
	if d := p.Buf.Dropped(); d != 2 {
		t.Errorf("buffer dropped %d, want 2 of 12 over a cap of 10", d)
	}
	var series int
	var sum float64
	p.With(func(tb *Table[*float64]) {
		series = len(tb.All())
		for _, s := range tb.All() {
			sum += *s.Agg
		}
	})
	// 10 samples with tags a,b,c,a,a,b,c,a,a,b: series a and b fit, c's 2 samples do not.
	if series != 2 || sum != 8 {
		t.Errorf("%d series summing %v, want 2 and 8", series, sum)
	}
	err := p.Report("test output", &Pushes{What: "test output"}, "push more often")
	for _, want := range []string{"dropped 2 samples: more than 10 waited", "push more often", "dropped 2 samples of series beyond 2"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Report() = %v, want %q", err, want)
		}
	}
}

// TestPushesWarnOnce: a repeated failure warns once; Err counts them all.
func TestPushesWarnOnce(t *testing.T) {
	t.Parallel()
	var log strings.Builder
	p := &Pushes{What: "out", Hint: "check X", Logger: slog.New(slog.NewTextHandler(&log, nil))}
	if p.Err() != nil {
		t.Fatal("Err before any failure")
	}
	p.Record(nil)
	p.Record(errString("down"))
	p.Record(errString("down"))
	if err := p.Err(); err == nil || !strings.Contains(err.Error(), "out: 2 of 3 pushes failed") || !strings.Contains(err.Error(), "check X") {
		t.Errorf("Err() = %v", err)
	}
	if n := strings.Count(log.String(), "push failed: down"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, log.String())
	}
}

type errString string

func (e errString) Error() string { return string(e) }
