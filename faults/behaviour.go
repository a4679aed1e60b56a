package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// behaviour is the part of a downstream's behaviour settings an HTTP
// error fault changes (the reference downstream's PUT /admin/behaviour).
type behaviour struct {
	ErrorRate   float64 `json:"error_rate"`
	ErrorStatus int     `json:"error_status"`
}

// behaviourPlan makes HTTP error answers through the target's behaviour
// settings, toxiproxy having no HTTP layer; the revert puts the settings
// read before the fault back.
func (in *Injector) behaviourPlan(ctx context.Context, id string, s Errors, name string, t config.Target) (*plan, error) {
	u := t.BehaviourURL
	if u == "" {
		return nil, fmt.Errorf("errors fault with mode http on target %q: the target has no behaviour_url (the downstream's behaviour settings): %w", name, ErrRefused)
	}
	if err := in.checkAddress("faults.targets."+name+".behaviour_url", u); err != nil {
		return nil, err
	}
	var before behaviour
	if err := callJSON(ctx, http.MethodGet, u, nil, &before); err != nil {
		return nil, fmt.Errorf("target %q: read behaviour settings: %w", name, err)
	}
	want := behaviour{ErrorRate: orOne(s.Rate), ErrorStatus: s.Status}
	if want.ErrorStatus == 0 {
		want.ErrorStatus = http.StatusInternalServerError
	}
	undo, _ := json.Marshal(before)
	is := func(b behaviour) func(context.Context) error {
		return func(ctx context.Context) error {
			var now behaviour
			if err := callJSON(ctx, http.MethodGet, u, nil, &now); err != nil {
				return err
			}
			if now.ErrorRate != b.ErrorRate || (now.ErrorStatus != b.ErrorStatus && b.ErrorStatus != 0) {
				return fmt.Errorf("behaviour is error_rate %v error_status %d, want %v %d", now.ErrorRate, now.ErrorStatus, b.ErrorRate, b.ErrorStatus)
			}
			return nil
		}
	}
	return &plan{
		keeper: in.keeper,
		lease:  control.Action{Op: control.OpHold},
		revert: &control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodPut, URL: u, Body: string(undo)}},
		apply: func(ctx context.Context) error {
			return callJSON(ctx, http.MethodPut, u, want, nil)
		},
		effective: is(want),
		reverted:  is(before),
	}, nil
}
