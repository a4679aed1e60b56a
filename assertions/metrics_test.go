package assertions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

func TestQueryHolds(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	t.Run("holds", func(t *testing.T) {
		r := assertions.QueryHolds{Query: `up{job="prometheus"} == 1`, Within: 20 * time.Second, For: 3 * time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Pass {
			t.Fatalf("want pass: %s", r)
		}
	})
	t.Run("never holds shows the last value", func(t *testing.T) {
		r := assertions.QueryHolds{Query: `sum(up{job="prometheus"}) > 5`, Within: 2 * time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Fail || !strings.Contains(r.Why, "empty") {
			t.Fatalf("want fail naming the last value: %s", r)
		}
		r = assertions.QueryHolds{Query: `sum(up{job="prometheus"}) == 0`, Within: 2 * time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Fail {
			t.Fatalf("want fail: %s", r)
		}
		r = assertions.QueryHolds{Query: `vector(3) > 5`, Within: time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Fail {
			t.Fatalf("want fail: %s", r)
		}
	})
	t.Run("an aggregated vector is a vector, a scalar is a scalar", func(t *testing.T) {
		for q, want := range map[string]assertions.Status{
			`max(up{job="prometheus"}) - 1 == 0`:      assertions.Pass, // one sample, no labels, value 0
			`max(up{job="prometheus"}) == 0`:          assertions.Fail,
			`scalar(max(up{job="prometheus"})) - 1`:   assertions.Fail, // the scalar 0
			`scalar(max(up{job="prometheus"}))`:       assertions.Pass,
			`sum(up{job="prometheus"}) - 1 == bool 1`: assertions.Error, // bool always returns series
		} {
			if r := (assertions.QueryHolds{Query: q, Within: time.Second}).Evaluate(ctx, b); r.Status != want {
				t.Errorf("%s: want %s, got %s", q, want, r)
			}
		}
		r := assertions.QueryHolds{Query: `max(up{job="prometheus"}) - 1 == 0`, Within: 10 * time.Second, For: 2 * time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Pass {
			t.Fatalf("a zero-valued vector holding for 2s: %s", r)
		}
	})
	t.Run("a query that does not parse is error at once", func(t *testing.T) {
		start := time.Now()
		r := assertions.QueryHolds{Query: `sum(up{`, Within: 20 * time.Second}.Evaluate(ctx, b)
		if r.Status != assertions.Error || !strings.Contains(r.Why, "rejected") {
			t.Fatalf("want error naming the rejection: %s", r)
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("a rejected query was polled for %s", time.Since(start))
		}
	})
}

func TestQueryValue(t *testing.T) {
	b := liveStack(t)
	v, ok, err := assertions.QueryValue{Query: `vector(42)`}.Value(context.Background(), b)
	if err != nil || !ok || v != 42 {
		t.Fatalf("queryValue(vector(42)) = %v, %v, %v", v, ok, err)
	}
	empty := assertions.QueryValue{Query: `up{job="nope"}`}
	if _, ok, err := empty.Value(context.Background(), b); err != nil || ok {
		t.Fatalf("empty: ok=%v err=%v", ok, err)
	}
}
