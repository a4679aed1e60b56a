package engine_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// httpOptsModule exports httpOptions(): the run's HTTP options as JSON,
// as a module sees them while iterating.
type httpOptsModule struct{}

func (httpOptsModule) NewInstance(vu modules.VU) (modules.Instance, error) {
	return httpOptsInstance{vu}, nil
}

type httpOptsInstance struct{ vu modules.VU }

func (i httpOptsInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"httpOptions": func() string {
		b, _ := json.Marshal(i.vu.InitEnv().HTTP)
		return string(b)
	}}}
}

// TestHTTPOptions: k6's run-wide HTTP options reach the modules, with
// the flags overriding the script, and are no longer warned about.
func TestHTTPOptions(t *testing.T) {
	t.Parallel()
	withModule := func(ua *string) func(*engine.Options) {
		return func(o *engine.Options) {
			o.Modules["k6/x/httpopts"] = httpOptsModule{}
			o.UserAgent = ua
		}
	}
	o := runScript(t, context.Background(), "http_options.js", nil, withModule(nil))
	if o.err != nil || o.res.ExitCode != 0 {
		t.Fatalf("exit %d: %v\n%s", o.res.ExitCode, o.err, o.stderr)
	}
	// The text logger quotes the message.
	unquote := func(s string) string { return strings.ReplaceAll(s, `\"`, `"`) }
	want := `seen {"InsecureSkipTLSVerify":true,"UserAgent":"from-script/1","MaxRedirects":3,"DiscardResponseBodies":true}`
	if !strings.Contains(unquote(o.stderr), want) {
		t.Errorf("want %s in:\n%s", want, o.stderr)
	}
	if strings.Contains(o.stderr, "is not supported") {
		t.Errorf("supported options warned about:\n%s", o.stderr)
	}
	flag := "from-flag"
	o = runScript(t, context.Background(), "http_options.js", nil, withModule(&flag))
	if !strings.Contains(unquote(o.stderr), `"UserAgent":"from-flag"`) {
		t.Errorf("--user-agent did not override the script:\n%s", o.stderr)
	}
}
