package mcp

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// metricSet holds the module's metrics, named as grafana/xk6-mcp names
// them, plus the session metrics.
type metricSet struct {
	duration, count, errors   *metrics.Metric
	sessions, sessionDuration *metrics.Metric
	reconnects                *metrics.Metric
	dataSent, dataReceived    *metrics.Metric
}

// newMetricSet creates (or finds: the registry is per run and idempotent)
// the metrics.
func newMetricSet(env *modules.InitEnv) (*metricSet, error) {
	m := &metricSet{}
	defs := []struct {
		dst  **metrics.Metric
		name string
		typ  metrics.Type
		vt   metrics.ValueType
	}{
		{&m.duration, "mcp_request_duration", metrics.Trend, metrics.Time},
		{&m.count, "mcp_request_count", metrics.Counter, metrics.Default},
		{&m.errors, "mcp_request_errors", metrics.Counter, metrics.Default},
		{&m.sessions, "mcp_sessions", metrics.Counter, metrics.Default},
		{&m.sessionDuration, "mcp_session_duration", metrics.Trend, metrics.Time},
		{&m.reconnects, "mcp_reconnects", metrics.Counter, metrics.Default},
	}
	for _, d := range defs {
		met, err := env.Registry.NewMetric(d.name, d.typ, d.vt)
		if err != nil {
			return nil, fmt.Errorf("k6/x/mcp: %w", err)
		}
		*d.dst = met
	}
	if env.Builtin != nil {
		m.dataSent, m.dataReceived = env.Builtin.DataSent, env.Builtin.DataReceived
	}
	return m, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// tagKey identifies a cached tag set of a link.
type tagKey struct {
	base                    *metrics.TagSet
	op                      session.Op
	tool, status, errorType string
}

// maxTagCache bounds the cache of per-call tag sets (tool names and error
// types are few, but a script could make them many).
const maxTagCache = 1024

// tagsFor returns the tags of a call's samples on the link without call
// tags, cached because building a tag set allocates.
func (l *link) tagsFor(k tagKey) *metrics.TagSet {
	if t, ok := l.tags[k]; ok {
		return t
	}
	t := l.inst.buildTags(k.base, l.cfg.tags, k.op, k.tool, k.status, k.errorType)
	if l.tags == nil || len(l.tags) >= maxTagCache {
		l.tags = map[tagKey]*metrics.TagSet{}
	}
	l.tags[k] = t
	return t
}

// buildTags adds to the VU's tags the client's and the call's own, then
// method, mcp_method, status and, when set, tool and error_type.
func (i *instance) buildTags(base *metrics.TagSet, extra map[string]string, op session.Op, tool, status, errorType string) *metrics.TagSet {
	t := base
	for name, v := range extra {
		t = t.With(name, v)
	}
	t = t.With("method", op.Name()).With("mcp_method", op.Method()).With("status", status)
	if tool != "" {
		t = t.With("tool", tool)
	}
	if errorType != "" {
		t = t.With("error_type", errorType)
	}
	return t
}
