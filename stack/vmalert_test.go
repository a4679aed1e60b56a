package stack

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestVMAlertSpec: vmalert reads its own rules file (never configs/rules/,
// which Prometheus loads: LogsQL is not PromQL), queries VictoriaLogs as
// LogsQL, notifies the stack's Alertmanager, writes its alert states to
// Prometheus (which takes remote writes) and evaluates at the profile's
// rule interval.
func TestVMAlertSpec(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ profile, interval string }{{ProfileFast, "1s"}, {ProfileProd, "15s"}} {
		p := goldenPlan(tt.profile)
		s := vmalert().Spec(p)
		want := []string{
			"-rule=" + p.Config(logRulesFile),
			"-rule.defaultRuleType=vlogs",
			"-datasource.url=" + p.HTTP("victoria-logs.http"),
			"-notifier.url=" + p.HTTP("alertmanager.web"),
			"-remoteWrite.url=" + p.HTTP("prometheus.web"),
			"-evaluationInterval=" + tt.interval,
			"-httpListenAddr=" + p.Addr("vmalert.http"),
		}
		for _, w := range want {
			if !slices.Contains(s.Args, w) {
				t.Errorf("%s: vmalert args %v lack %s", tt.profile, s.Args, w)
			}
		}
		if strings.HasPrefix(logRulesFile, "rules/") {
			t.Errorf("log rules file %s is where Prometheus loads its rules", logRulesFile)
		}
		if s.Ready.HTTP != p.HTTP("vmalert.http")+"/health" || s.Ports["http"] == 0 {
			t.Errorf("%s: readiness %q, ports %v", tt.profile, s.Ready.HTTP, s.Ports)
		}
		if !slices.Contains(prometheus().Spec(p).Args, "--web.enable-remote-write-receiver") {
			t.Errorf("%s: Prometheus does not take vmalert's remote writes", tt.profile)
		}
	}
}

func TestWriteLogRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		rules    func(string) ([]byte, error)
		want     string
		wantErrs []string
	}{
		{name: "none: an empty rule set", want: "groups: []"},
		{name: "the profile's", rules: func(p string) ([]byte, error) { return []byte("groups: [] # " + p + "\n"), nil }, want: "# fast"},
		{name: "empty falls back", rules: func(string) ([]byte, error) { return nil, nil }, want: "groups: []"},
		{name: "error names the profile", rules: func(string) ([]byte, error) { return nil, errors.New("boom") },
			wantErrs: []string{"log alert rules", "profile fast", "boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := goldenPlan(ProfileFast)
			p.Dir = t.TempDir()
			err := writeLogRules(p, Options{LogRules: tt.rules})
			if tt.wantErrs != nil {
				for _, w := range tt.wantErrs {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Fatalf("error %v lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(p.Config(logRulesFile))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("rules file:\n%s\nlacks %q", b, tt.want)
			}
		})
	}
}
