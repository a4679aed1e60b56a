package faults

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	toxiproxy "github.com/Shopify/toxiproxy/v2/client"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// toxiproxyDriver injects network faults as toxics on a toxiproxy proxy,
// named by the fault's lease id. toxiproxy decides toxicity per
// connection, so with toxicity below 1 the proxy's connections are cut
// after the toxic is added: every new call then meets the decision anew.
type toxiproxyDriver struct{ in *Injector }

func (d *toxiproxyDriver) plan(ctx context.Context, id string, spec Spec, name string, t config.Target) (*plan, error) {
	if s, ok := spec.(Errors); ok && s.Mode == ModeHTTP {
		return d.in.behaviourPlan(ctx, id, s, name, t)
	}
	api := strings.TrimRight(d.in.cfg.Faults.Toxiproxy.URL, "/")
	if api == "" {
		return nil, fmt.Errorf("target %q: faults.toxiproxy.url is not set in mcpchaos.yaml: %w", name, ErrRefused)
	}
	if t.Proxy == "" {
		return nil, fmt.Errorf("target %q: toxiproxy targets need proxy (the proxy's name): %w", name, ErrRefused)
	}
	if err := d.in.checkAddress("faults.toxiproxy.url", api); err != nil {
		return nil, err
	}
	tox, err := toxicOf(id, spec)
	if err != nil {
		return nil, refuse(spec, name, t, "latency, errors and bandwidth")
	}
	proxyURL := api + "/proxies/" + url.PathEscape(t.Proxy)
	toxicURL := proxyURL + "/toxics/" + url.PathEscape(id)
	listed := func(ctx context.Context) (bool, error) {
		var ts []toxiproxy.Toxic
		err := callJSON(ctx, http.MethodGet, proxyURL+"/toxics", nil, &ts)
		var ae *apiError
		if errors.As(err, &ae) && ae.status == http.StatusNotFound {
			return false, nil // no such proxy: no toxic on it
		}
		if err != nil {
			return false, err
		}
		for _, x := range ts {
			if x.Name == id {
				return true, nil
			}
		}
		return false, nil
	}
	return &plan{
		keeper: d.in.keeper,
		lease:  control.Action{Op: control.OpHold},
		revert: &control.Action{Op: control.OpHTTP, Request: &control.Request{Method: http.MethodDelete, URL: toxicURL, OKStatus: []int{http.StatusNotFound}}},
		apply: func(ctx context.Context) error {
			if err := callJSON(ctx, http.MethodPost, proxyURL+"/toxics", tox, nil); err != nil {
				return fmt.Errorf("add toxic to proxy %q: %w", t.Proxy, err)
			}
			if tox.Toxicity < 1 {
				return cutConnections(ctx, proxyURL)
			}
			return nil
		},
		effective: func(ctx context.Context) error {
			ok, err := listed(ctx)
			if err == nil && !ok {
				err = fmt.Errorf("toxic %s is not listed on proxy %q", id, t.Proxy)
			}
			return err
		},
		reverted: func(ctx context.Context) error {
			ok, err := listed(ctx)
			if err == nil && ok {
				err = fmt.Errorf("toxic %s is still listed on proxy %q", id, t.Proxy)
			}
			return err
		},
	}, nil
}

// toxicOf is the toxic that makes spec.
func toxicOf(id string, spec Spec) (toxiproxy.Toxic, error) {
	switch s := spec.(type) {
	case Latency:
		return toxiproxy.Toxic{Name: id, Type: "latency", Stream: "downstream", Toxicity: float32(orOne(s.Toxicity)),
			Attributes: toxiproxy.Attributes{"latency": s.Latency.D().Milliseconds(), "jitter": s.Jitter.D().Milliseconds()}}, nil
	case Errors:
		typ := map[string]string{ModeReset: "reset_peer", ModeTimeout: "timeout"}[s.Mode]
		return toxiproxy.Toxic{Name: id, Type: typ, Stream: "upstream", Toxicity: float32(orOne(s.Rate)),
			Attributes: toxiproxy.Attributes{"timeout": 0}}, nil
	case Bandwidth:
		return toxiproxy.Toxic{Name: id, Type: "bandwidth", Stream: "downstream", Toxicity: 1,
			Attributes: toxiproxy.Attributes{"rate": s.KBps}}, nil
	}
	return toxiproxy.Toxic{}, ErrRefused
}

// cutConnections disables and enables the proxy, which closes every
// connection through it.
func cutConnections(ctx context.Context, proxyURL string) error {
	for _, on := range []bool{false, true} {
		if err := callJSON(ctx, http.MethodPost, proxyURL, map[string]bool{"enabled": on}, nil); err != nil {
			return fmt.Errorf("cut the proxy's connections: %w", err)
		}
	}
	return nil
}

// resetToxiproxy removes every toxic and enables every proxy of the
// configured toxiproxy when an earlier run left any; it reports what it
// found ("" when the proxies were clean).
func (in *Injector) resetToxiproxy(ctx context.Context) (string, error) {
	api := strings.TrimRight(in.cfg.Faults.Toxiproxy.URL, "/")
	if api == "" {
		return "", nil
	}
	if err := in.checkAddress("faults.toxiproxy.url", api); err != nil {
		return "", err
	}
	var proxies map[string]struct {
		Enabled bool              `json:"enabled"`
		Toxics  []toxiproxy.Toxic `json:"toxics"`
	}
	if err := callJSON(ctx, http.MethodGet, api+"/proxies", nil, &proxies); err != nil {
		return "", err
	}
	var left []string
	for name, p := range proxies {
		for _, t := range p.Toxics {
			left = append(left, fmt.Sprintf("toxic %s on proxy %s", t.Name, name))
		}
		if !p.Enabled {
			left = append(left, "proxy "+name+" disabled")
		}
	}
	if len(left) == 0 {
		return "", nil
	}
	sort.Strings(left)
	if err := callJSON(ctx, http.MethodPost, api+"/reset", nil, nil); err != nil {
		return "", err
	}
	return "reset toxiproxy at " + api + ": " + strings.Join(left, ", "), nil
}
