package calllog_test

import (
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/calllog"
)

func TestSelect(t *testing.T) {
	l := calllog.New(3)
	t0 := time.Now()
	yes, no := true, false
	l.Add(calllog.Call{TraceID: "a", Method: "tools/call", Target: "search", Sampled: true, Start: t0})
	l.Add(calllog.Call{TraceID: "b", Method: "tools/call", Target: "echo", Sampled: false, Start: t0.Add(time.Second), Failed: true})
	l.Add(calllog.Call{Method: "tools/list", Start: t0}) // no trace id: never selected
	l.Add(calllog.Call{TraceID: "d", Start: t0})         // over the bound
	tests := []struct {
		name string
		f    calllog.Filter
		want string
	}{
		{"all", calllog.Filter{}, "ab"},
		{"sampled", calllog.Filter{Sampled: &yes}, "a"},
		{"unsampled", calllog.Filter{Sampled: &no}, "b"},
		{"ok", calllog.Filter{OK: true}, "a"},
		{"tool", calllog.Filter{Target: "echo"}, "b"},
		{"since", calllog.Filter{Since: t0.Add(time.Millisecond)}, "b"},
		{"until", calllog.Filter{Until: t0}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, dropped := l.Select(tt.f)
			got := ""
			for _, c := range calls {
				got += c.TraceID
			}
			if got != tt.want || dropped != 1 {
				t.Fatalf("got %q dropped %d, want %q dropped 1", got, dropped, tt.want)
			}
		})
	}
}

func TestConcurrentAdd(t *testing.T) {
	l := calllog.New(0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				l.Add(calllog.Call{TraceID: "x"})
			}
		}()
	}
	wg.Wait()
	if l.Len() != 8000 {
		t.Fatalf("len %d", l.Len())
	}
	var nilLog *calllog.Log
	nilLog.Add(calllog.Call{TraceID: "x"})
	if c, _ := nilLog.Select(calllog.Filter{}); c != nil || nilLog.Len() != 0 {
		t.Fatal("a nil log holds nothing")
	}
}
