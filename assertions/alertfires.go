package assertions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/common/model"
)

// Alert stages, in the order an alert reaches them.
const (
	// StagePending: Prometheus's rule started to hold (the alert's
	// activeAt).
	StagePending = "pending"
	// StageFiring: the rule held for its `for` and the alert fires.
	StageFiring = "firing"
	// StageAlertmanager: Alertmanager holds the alert (its startsAt).
	StageAlertmanager = "alertmanager"
	// StageWebhook: the webhook sink received a notification of it.
	StageWebhook = "webhook"
	// StageResolved: Prometheus no longer holds the alert.
	StageResolved = "resolved"
)

// lookbehind is how far before Since the history is read, to tell an
// alert that was already active from one the fault caused.
const lookbehind = 5 * time.Minute

// AlertFires expects the alert Name (with Labels among its labels) to go
// off after Since and reach Stage within Within. Time-to-detect is split
// into stages — pending (activeAt), firing, Alertmanager (startsAt),
// webhook (receipt) — each by the clock of the system that records it,
// relative to Since. An alert already active at Since does not count: it
// is not the fault's doing.
type AlertFires struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
	Since  time.Time         `json:"since"`
	Within time.Duration     `json:"within"`
	// Stage is the stage the alert must reach to pass: pending, firing,
	// alertmanager or webhook. Default: the furthest one whose backend
	// is configured (webhook, else alertmanager, else firing).
	Stage string `json:"stage"`
}

var _ Expectation = AlertFires{}

func (AlertFires) Kind() string { return "alertFires" }

func (e AlertFires) String() string {
	return fmt.Sprintf("alertFires(%s%s)", e.Name, labelSuffix(e.Labels))
}

// Evaluate polls Prometheus's ALERTS history, Alertmanager and the
// webhook sink until the alert reaches its stage.
func (e AlertFires) Evaluate(ctx context.Context, b *Backends) Result {
	goal, err := e.goal(b)
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "prometheus", e.Since)
	r.Target = e.Name
	if rule, ok := checkRule(ctx, &r, b, e.Name); !ok {
		return r
	} else if rule.For > 0 {
		r.Details = map[string]any{"for": rule.For.String()}
	}
	matchers := withName(e.Name, e.Labels)
	sel, _ := selector("ALERTS", matchers)
	from := orStart(e.Since, r.Started)
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		o := observation{query: sel}
		occ, err := b.Prometheus.AlertHistory(ctx, matchers, from.Add(-lookbehind), time.Now())
		if err != nil {
			o.err, o.why = err, err.Error()
			return o
		}
		cur, why := e.occurrence(occ, from, e.Since.IsZero())
		if cur == nil {
			o.why = why
			return o
		}
		o.last = cur
		if err := e.record(ctx, &r, b, cur); err != nil {
			o.err, o.why = err, err.Error()
			return o
		}
		if s, ok := r.Stage(goal); ok {
			o.held, o.at = true, s.At
			o.why = fmt.Sprintf("%s reached %s at %s", e.Name, goal, s.At.Format(time.RFC3339Nano))
			return o
		}
		o.why = fmt.Sprintf("%s is %s since %s but has not reached %s", e.Name, reached(r), cur.ActiveAt.Format(time.RFC3339), goal)
		return o
	})
	return r
}

// goal validates e and picks the stage to reach.
func (e AlertFires) goal(b *Backends) (string, error) {
	if err := validAlert(e.Name, e.Labels); err != nil {
		return "", err
	}
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return "", err
	}
	switch e.Stage {
	case "":
		switch {
		case b.Webhook != nil:
			return StageWebhook, nil
		case b.Alertmanager != nil:
			return StageAlertmanager, nil
		}
		return StageFiring, nil
	case StagePending, StageFiring:
	case StageAlertmanager:
		return e.Stage, need(b.Alertmanager != nil, "alertmanager")
	case StageWebhook:
		return e.Stage, need(b.Webhook != nil, "webhook")
	default:
		return "", fmt.Errorf("%w: stage %q: use pending, firing, alertmanager or webhook", ErrBadExpectation, e.Stage)
	}
	return e.Stage, nil
}

// occurrence picks the first occurrence that became active at or after
// from (or, with ongoing, one still active that began before); why says
// what there is instead when none did.
func (e AlertFires) occurrence(occ []Occurrence, from time.Time, ongoing bool) (*Occurrence, string) {
	var before *Occurrence
	for i := range occ {
		o := &occ[i]
		if !o.ActiveAt.Before(from) {
			return o, ""
		}
		if o.Ongoing {
			before = o
		}
	}
	if before != nil && ongoing {
		return before, ""
	}
	if before != nil {
		return nil, fmt.Sprintf("%s was already active since %s, before %s: that is not this fault's doing (wait for it to resolve before injecting)", e.Name, before.ActiveAt.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return nil, fmt.Sprintf("%s not active in Prometheus since %s (no ALERTS sample)", e.Name, from.Format(time.RFC3339))
}

// record adds the stages the occurrence has reached, each at the most
// exact timestamp a backend gives: pending at Prometheus's activeAt (the
// alerts API, while the alert is active; else the first ALERTS sample),
// firing at the first firing sample or Alertmanager's startsAt (which is
// Prometheus's firing time) when that is earlier, alertmanager at
// startsAt, webhook at the sink's receipt.
func (e AlertFires) record(ctx context.Context, r *Result, b *Backends, cur *Occurrence) error {
	pending := cur.ActiveAt
	if _, ok := r.Stage(StagePending); !ok {
		alerts, err := b.Prometheus.Alerts(ctx)
		if err != nil {
			return err
		}
		for _, a := range alerts {
			if subset(cur.Labels, labelMap(model.Metric(a.Labels))) && cur.covers(a.ActiveAt) {
				pending = a.ActiveAt
			}
		}
	}
	firing := cur.FiringAt
	var startsAt time.Time
	if !firing.IsZero() && b.Alertmanager != nil {
		if _, ok := r.Stage(StageAlertmanager); !ok {
			var err error
			if startsAt, err = e.alertmanagerStartsAt(ctx, r, b.Alertmanager, cur); err != nil {
				return err
			}
		}
		if !startsAt.IsZero() && startsAt.Before(firing) {
			firing = startsAt
		}
	}
	if !firing.IsZero() && firing.Before(pending) {
		pending = firing
	}
	r.stage(StagePending, pending)
	r.stage(StageFiring, firing)
	r.stage(StageAlertmanager, startsAt)
	if _, ok := r.Stage(StageFiring); ok && b.Webhook != nil {
		return e.webhookStage(ctx, r, b.Webhook, cur)
	}
	return nil
}

// alertmanagerStartsAt is the startsAt of the occurrence in
// Alertmanager (zero: it does not hold it).
func (e AlertFires) alertmanagerStartsAt(ctx context.Context, r *Result, am *Alertmanager, cur *Occurrence) (time.Time, error) {
	alerts, err := am.Alerts(ctx, withName(e.Name, e.Labels))
	if err != nil {
		return time.Time{}, err
	}
	for _, a := range alerts {
		if subset(cur.Labels, a.Labels) && cur.covers(a.StartsAt) && !a.StartsAt.Before(r.Since) {
			return a.StartsAt, nil
		}
	}
	return time.Time{}, nil
}

// webhookStage records the first firing notification of the occurrence.
func (e AlertFires) webhookStage(ctx context.Context, r *Result, w *Webhook, cur *Occurrence) error {
	if _, ok := r.Stage(StageWebhook); ok {
		return nil
	}
	ns, err := w.Notifications(ctx)
	if err != nil {
		return err
	}
	for _, n := range ns {
		for _, a := range n.Alerts {
			if a.Status == "firing" && subset(cur.Labels, a.Labels) && cur.covers(a.StartsAt) && !a.StartsAt.Before(r.Since) {
				r.stage(StageWebhook, n.ReceivedAt)
				return nil
			}
		}
	}
	return nil
}

// checkRule fails r at once when neither Prometheus nor the ruler
// (backends.ruler, e.g. vmalert) has an alerting rule by that name, or
// the rule cannot be evaluated: the alert cannot go off, which is a
// broken pipeline, not a reason to wait. ok is false when r is done.
//
// Prometheus not answering is could-not-evaluate. The ruler not
// answering, for a rule Prometheus does not have, is a fail: the ruler is
// the part of the pipeline that evaluates the alert, and down it cannot
// fire it.
func checkRule(ctx context.Context, r *Result, b *Backends, name string) (AlertRule, bool) {
	type evaluator struct {
		what string
		p    *Prometheus
	}
	evaluators := []evaluator{{"Prometheus", b.Prometheus}}
	where := "in Prometheus"
	if b.Ruler != nil {
		evaluators = append(evaluators, evaluator{"the ruler at " + b.Ruler.URL(), b.Ruler})
		where = "neither in Prometheus nor in the ruler at " + b.Ruler.URL()
	}
	var names []string
	for _, ev := range evaluators {
		rules, err := alertRules(ctx, ev.p)
		if err != nil && ev.p == b.Ruler {
			r.Query = epRules
			r.fail(Fail, observation{}, fmt.Sprintf("no alerting rule named %s is loaded in Prometheus, and %s (backends.ruler), which evaluates the other rules, does not answer (%v), so it cannot fire", name, ev.what, err))
			return AlertRule{}, false
		}
		if err != nil {
			r.Query = epRules
			r.fail(Error, observation{err: err}, "could not evaluate: "+err.Error())
			return AlertRule{}, false
		}
		for _, rule := range rules {
			if rule.Name != name {
				names = append(names, rule.Name)
				continue
			}
			if rule.Health == "err" {
				r.fail(Fail, observation{last: rule.Health}, fmt.Sprintf("the alerting rule %s fails to evaluate in %s: %s", name, ev.what, rule.LastError))
				return rule, false
			}
			return rule, true
		}
	}
	r.fail(Fail, observation{}, fmt.Sprintf("no alerting rule named %s is loaded %s, so it cannot fire (loaded: %s)", name, where, strings.Join(names, ", ")))
	return AlertRule{}, false
}

// alertRules lists p's alerting rules, retrying a backend that does not
// answer for a moment.
func alertRules(ctx context.Context, p *Prometheus) ([]AlertRule, error) {
	var rules []AlertRule
	var err error
	for range 3 {
		if rules, err = p.AlertRules(ctx); err == nil || !retryable(err) {
			break
		}
		time.Sleep(time.Second)
	}
	return rules, err
}

// reached names the furthest stage r has.
func reached(r Result) string {
	if len(r.Stages) == 0 {
		return "not active"
	}
	return r.Stages[len(r.Stages)-1].Name
}

func validAlert(name string, labels map[string]string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: give the alert's name (its alertname label)", ErrBadExpectation)
	}
	_, err := selector("ALERTS", withName(name, labels))
	return err
}

// withName is labels plus alertname.
func withName(name string, labels map[string]string) map[string]string {
	m := copyLabels(labels)
	m["alertname"] = name
	return m
}

func labelSuffix(labels map[string]string) string {
	if len(labels) == 0 {
		return ""
	}
	return labelString(labels)
}
