package mcp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/internal/calllog"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// link is one session of a VU with the options it was made from, and the
// session.Observer that turns its calls into samples.
type link struct {
	inst    *instance
	key     string // its entry in inst.links
	cfg     clientConfig
	sess    *session.Session
	closed  bool
	release func() // the tracer provider reference, if any
	// callTags are the tags option of the call in progress.
	callTags map[string]string
	// last remembers the previous call's tag set: a load loop repeats it.
	lastKey  tagKey
	lastTags *metrics.TagSet
	// tags caches the link's per-call tag sets; it goes with the link, so
	// closed sessions hold no memory (session churn).
	tags map[tagKey]*metrics.TagSet
	// scratch backs a call's samples: pushers copy what they are given.
	scratch [5]metrics.Sample
}

var _ session.Observer = (*link)(nil)

// key identifies equal client options; the writer is left out.
func (c clientConfig) key() string {
	o := c.opts
	debug := o.Stderr != nil
	o.Stderr = nil
	return fmt.Sprintf("%#v|%v|%v|%#v|%#v", o, debug, c.throw, c.tags, c.otel)
}

// ensure dials the session if it is not open yet.
func (l *link) ensure() (*session.Session, error) {
	if l.closed {
		return nil, errors.New("mcp client is closed; create a new client to open another session")
	}
	if l.sess != nil {
		return l.sess, nil
	}
	o := l.cfg.opts
	o.Observer = l
	o.Logger = l.inst.vu.InitEnv().Logger
	if l.cfg.otel != nil && l.release == nil {
		tracer, release, err := l.inst.root.tracers.acquire(l.inst.vu.Context(), l.cfg.otel, l.inst.vu.InitEnv().Env)
		if err != nil {
			return nil, err
		}
		o.Tracer, l.release = tracer, release
	}
	s, err := session.Dial(l.inst.vu.Context(), o)
	if err != nil {
		return nil, err
	}
	l.sess = s
	return s, nil
}

// close ends the session and forgets the link, so that a script opening
// and closing a session per iteration does not grow the VU; idempotent.
func (l *link) close() error {
	l.closed = true
	if l.inst.links[l.key] == l {
		delete(l.inst.links, l.key)
	}
	var err error
	if l.sess != nil {
		err = l.sess.Close()
		l.sess = nil
	}
	if l.release != nil {
		l.release()
		l.release = nil
	}
	return err
}

// ObserveCall pushes a call's samples, unless the VU is stopping: as in
// k6, a call cut short by the end of a scenario is not a measurement.
func (l *link) ObserveCall(c *session.CallInfo) {
	st := l.inst.state()
	if st == nil || st.Samples == nil || l.ctx().Err() != nil {
		return
	}
	status, errorType := "ok", ""
	switch {
	case c.Err != nil:
		status, errorType = "error", c.Err.Type()
	case c.IsError:
		status, errorType = "error", "tool_error"
	}
	if c.TraceID != "" && l.inst.root.calls != nil {
		l.inst.root.calls.Add(calllog.Call{
			TraceID: c.TraceID, SpanID: c.SpanID, SessionID: c.SessionID,
			Method: c.Op.Method(), Target: c.Target, Sampled: !l.cfg.opts.Unsampled,
			Start: c.Start, Duration: c.Duration, Failed: status == "error", Scenario: st.Scenario,
		})
	}
	var tags *metrics.TagSet
	if len(l.callTags) > 0 {
		tool := ""
		if c.Op == session.OpCallTool {
			tool = c.Target
		}
		tags = l.inst.buildTags(st.Tags, mergeTags(l.cfg.tags, l.callTags), c.Op, tool, status, errorType)
	} else {
		k := tagKey{base: st.Tags, op: c.Op, status: status, errorType: errorType}
		if c.Op == session.OpCallTool {
			k.tool = c.Target
		}
		if l.lastTags != nil && k == l.lastKey {
			tags = l.lastTags
		} else {
			tags = l.tagsFor(k)
			l.lastKey, l.lastTags = k, tags
		}
	}
	m := l.inst.metrics
	now := c.Start.Add(c.Duration)
	samples := append(l.scratch[:0],
		metrics.Sample{Metric: m.duration, Tags: tags, Time: now, Value: ms(c.Duration)},
		metrics.Sample{Metric: m.count, Tags: tags, Time: now, Value: 1},
	)
	// grafana/xk6-mcp counts failed calls, not tool results with isError.
	if c.Err != nil {
		samples = append(samples, metrics.Sample{Metric: m.errors, Tags: tags, Time: now, Value: 1})
	}
	samples = l.appendData(samples, tags, now, c.BytesSent, c.BytesReceived)
	st.Samples.Push(samples...)
}

// ObserveSession pushes session samples.
func (l *link) ObserveSession(e session.SessionEvent) {
	st := l.inst.state()
	if st == nil || st.Samples == nil {
		return
	}
	tags := st.Tags
	for k, v := range l.cfg.tags {
		tags = tags.With(k, v)
	}
	m := l.inst.metrics
	now := e.Time.Add(e.Duration)
	var samples []metrics.Sample
	switch e.Kind {
	case session.SessionOpened, session.SessionReconnected:
		samples = append(samples, metrics.Sample{Metric: m.sessions, Tags: tags, Time: now, Value: 1})
		if e.Kind == session.SessionReconnected {
			samples = append(samples, metrics.Sample{Metric: m.reconnects, Tags: tags, Time: now, Value: 1})
		}
	case session.SessionClosed:
		samples = append(samples, metrics.Sample{Metric: m.sessionDuration, Tags: tags, Time: e.Time, Value: ms(e.Duration)})
	}
	st.Samples.Push(samples...)
}

func (l *link) appendData(samples []metrics.Sample, tags *metrics.TagSet, now time.Time, sent, received int64) []metrics.Sample {
	m := l.inst.metrics
	if m.dataSent != nil && sent > 0 {
		samples = append(samples, metrics.Sample{Metric: m.dataSent, Tags: tags, Time: now, Value: float64(sent)})
	}
	if m.dataReceived != nil && received > 0 {
		samples = append(samples, metrics.Sample{Metric: m.dataReceived, Tags: tags, Time: now, Value: float64(received)})
	}
	return samples
}

func mergeTags(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// ctx is the VU's current context (it changes per iteration).
func (l *link) ctx() context.Context { return l.inst.vu.Context() }
