package modules_test

import (
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

func TestHostsResolve(t *testing.T) {
	t.Parallel()
	h, err := modules.ParseHosts(map[string]string{
		"api.test":         "10.0.0.1",
		"API.test:8443":    "10.0.0.2:9443",
		"*.wild.test":      "10.0.0.3",
		"*.deep.wild.test": "10.0.0.4:81",
		"alias.test":       "localhost",
		"v6.test":          "::1",
		"v6port.test":      "[::1]:8080",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ addr, want string }{
		{"api.test:80", "10.0.0.1:80"},
		{"api.test:8443", "10.0.0.2:9443"},
		{"a.wild.test:443", "10.0.0.3:443"},
		{"x.deep.wild.test:80", "10.0.0.4:81"},
		{"wild.test:80", ""},
		{"alias.test:80", "localhost:80"},
		{"v6.test:80", "[::1]:80"},
		{"v6port.test:80", "[::1]:8080"},
		{"other.test:80", ""},
	} {
		got, ok := h.Resolve(tc.addr)
		if tc.want == "" {
			if ok {
				t.Errorf("%s resolved to %s, want no match", tc.addr, got)
			}
			continue
		}
		if !ok || got != tc.want {
			t.Errorf("%s -> %s (%v), want %s", tc.addr, got, ok, tc.want)
		}
	}
	var none *modules.HostMap
	if _, ok := none.Resolve("a:1"); ok {
		t.Error("a nil HostMap resolved")
	}
}

func TestHTTPOptionsValidate(t *testing.T) {
	t.Parallel()
	neg, ok := int64(-1), int64(0)
	errs := modules.HTTPOptions{Batch: &neg, BatchPerHost: &ok, MaxRedirects: &neg,
		Hosts: map[string]string{"": "1.2.3.4", "a.test": "", "b.test:0": "1.2.3.4", "c.test": "1.2.3.4:x"}}.Validate()
	text := ""
	for _, e := range errs {
		text += e.Error() + "\n"
	}
	for _, want := range []string{
		"options.batch -1 must not be negative",
		"options.maxRedirects -1",
		`options.hosts key "": the name is empty`,
		`options.hosts["a.test"] = ""`,
		`options.hosts key "b.test:0": port "0"`,
		`options.hosts["c.test"] = "1.2.3.4:x"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("errors lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "batchPerHost") {
		t.Errorf("batchPerHost 0 (no limit) reported:\n%s", text)
	}
	total, perHost := modules.HTTPOptions{}.BatchLimits()
	if total != 20 || perHost != 6 {
		t.Errorf("default limits %d/%d, want k6's 20/6", total, perHost)
	}
}
