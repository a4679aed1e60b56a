package assertions

import (
	"context"
	"fmt"
	"time"
)

// DefaultIDField is the field logsComplete looks the ids up in.
const DefaultIDField = "trace_id"

// maxListed is how many ids a message lists; the report has them all.
const maxListed = 10

// LogsComplete expects every id — a trace id of each call the harness
// made, or a unique value it sent — to have its line: a line matching
// Selector whose Field (default trace_id) is the id, in the window from
// Since to Until (zero Until: now). It polls until all are found or
// Within passes. Result.Last is the number found and Result.Details a
// LogsReport with the exact missing ids. An id with more than one line
// is reported as duplicated; with Exact it fails the expectation too.
type LogsComplete struct {
	IDs      []string      `json:"ids"`
	Field    string        `json:"field"`
	Selector LogSelector   `json:"selector"`
	Since    time.Time     `json:"since"`
	Until    time.Time     `json:"until"`
	Within   time.Duration `json:"within"`
	Exact    bool          `json:"exact"`
}

var _ Expectation = LogsComplete{}

func (LogsComplete) Kind() string { return "logsComplete" }

func (e LogsComplete) String() string {
	return fmt.Sprintf("logsComplete(%d ids by %s in %s)", len(e.IDs), e.field(), e.Selector)
}

func (e LogsComplete) field() string { return pick(e.Field, DefaultIDField) }

// Evaluate polls the ids still missing until none are, then counts all
// of them once more for duplicates.
func (e LogsComplete) Evaluate(ctx context.Context, b *Backends) Result {
	r, q, err := logsStart(e, b, e.Selector, e.Since, e.Until, e.Within)
	var ids []string
	if err == nil {
		ids, err = uniqueValues(e.Kind(), "ids", e.IDs)
	}
	if err != nil {
		return errorResult(e, err)
	}
	t := &idTally{ids: ids, field: e.field(), counts: map[string]ValueCount{}, seenAt: map[string]int{}}
	await(ctx, &r, e.Within, func(ctx context.Context) observation { return t.poll(ctx, b.Logs, q) })
	if r.Status == Error {
		r.Details = t.report(b.Logs.Kind())
		return r
	}
	var recountErr error
	if t.found() > 0 {
		r.Polls++
		_, recountErr = t.recount(ctx, b.Logs, q)
	}
	rep := t.report(b.Logs.Kind())
	r.Details, r.Last = rep, rep.Found
	if recountErr != nil {
		// The duplicates are the one thing left unknown: that is
		// Error only when they decide the verdict.
		if e.Exact {
			r.HeldAt = time.Time{}
			r.fail(Error, observation{last: rep.Found, err: recountErr}, "could not evaluate: counting the found ids again for duplicates: "+recountErr.Error())
			return r
		}
		r.Why += "; duplicates not recounted at the end: " + recountErr.Error()
	}
	if len(rep.Duplicated) > 0 {
		dup := fmt.Sprintf("%s of %d with more than one line: %s", plural(int64(len(rep.Duplicated)), "id"), rep.Sent, listCapped(sortedCounts(rep.Duplicated), maxListed, "all in details.duplicated"))
		if e.Exact && r.Status == Pass {
			r.HeldAt = time.Time{}
			r.fail(Fail, observation{last: rep.Found}, "every id has its line, but exact: "+dup)
			return r
		}
		r.Why += "; " + dup
	}
	return r
}

// idTally is what logsComplete's polls found so far.
type idTally struct {
	ids    []string
	field  string
	counts map[string]ValueCount
	// seenAt is the poll (index into polls) that first found each id.
	seenAt map[string]int
	polls  []time.Time
}

// missing are the ids with no line yet, sorted.
func (t *idTally) missing() []string {
	var out []string
	for _, id := range t.ids {
		if t.counts[id].Lines == 0 {
			out = append(out, id)
		}
	}
	return out
}

func (t *idTally) found() int { return len(t.ids) - len(t.missing()) }

// poll asks for the missing ids only: a line once there stays there.
func (t *idTally) poll(ctx context.Context, logs Logs, q LogQuery) observation {
	t.polls = append(t.polls, time.Now())
	query, err := t.recountOf(ctx, logs, q, t.missing())
	o := observation{query: query, err: err}
	if err != nil {
		o.why = err.Error()
		return o
	}
	missing := t.missing()
	o.last, o.held = t.found(), len(missing) == 0
	if o.held {
		o.why = fmt.Sprintf("all %d ids have their line (by %s)", len(t.ids), t.field)
		return o
	}
	o.why = fmt.Sprintf("%d of %d ids found; %d missing: %s", t.found(), len(t.ids), len(missing), listCapped(missing, maxListed, "all in details.missing"))
	return o
}

// recount counts every found id again (for duplicates).
func (t *idTally) recount(ctx context.Context, logs Logs, q LogQuery) (string, error) {
	var found []string
	for _, id := range t.ids {
		if t.counts[id].Lines > 0 {
			found = append(found, id)
		}
	}
	return t.recountOf(ctx, logs, q, found)
}

// recountOf counts ids and records what it found.
func (t *idTally) recountOf(ctx context.Context, logs Logs, q LogQuery, ids []string) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	counts, query, err := logs.CountByValue(ctx, q, t.field, ids)
	if err != nil {
		return query, err
	}
	for _, id := range ids {
		c, ok := counts[id]
		if !ok || c.Lines == 0 {
			continue
		}
		if _, seen := t.seenAt[id]; !seen {
			t.seenAt[id] = len(t.polls) - 1
		}
		t.counts[id] = c
	}
	return query, nil
}

// report is the LogsReport of what was found.
func (t *idTally) report(kind string) LogsReport {
	rep := LogsReport{Field: t.field, Sent: len(t.ids), Found: t.found(), Missing: t.missing()}
	if rep.Missing == nil {
		rep.Missing = []string{}
	}
	var lags []time.Duration
	var res time.Duration
	for _, id := range t.ids {
		c := t.counts[id]
		if c.Lines > 1 {
			if rep.Duplicated == nil {
				rep.Duplicated = map[string]int64{}
			}
			rep.Duplicated[id] = c.Lines
		}
		if i, ok := t.seenAt[id]; ok && i > 0 && !c.First.IsZero() {
			lags = append(lags, t.polls[i].Sub(c.First))
			res = max(res, t.polls[i].Sub(t.polls[i-1]))
		}
	}
	rep.IngestLag = lagStats(lags, res)
	switch {
	case rep.IngestLag != nil:
	case kind == kindLoki:
		rep.IngestLagNote = lagNoTimestamps
	case rep.Found > 0:
		rep.IngestLagNote = lagAllAtFirst
	}
	return rep
}

// sortedCounts lists "id (n lines)" by id.
func sortedCounts(m map[string]int64) []string {
	keys := sortedKeys(m)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%s (%s)", k, plural(m[k], "line"))
	}
	return out
}
