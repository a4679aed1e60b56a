package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// executeProbe runs `mcpchaos probe args...` with ctx and returns its
// standard output and error.
func executeProbe(ctx context.Context, args ...string) (stdout string, err error) {
	var out bytes.Buffer
	root := newRootCommand()
	root.SetArgs(append([]string{"probe"}, args...))
	root.SetOut(&out)
	root.SetErr(io.Discard)
	err = root.ExecuteContext(ctx)
	return out.String(), err
}

func TestProbeCommandFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badConfig, []byte("modules:\n  m:\n    transport: grpc\n    timout: 1s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	invalid := filepath.Join(dir, "invalid.yaml")
	if err := os.WriteFile(invalid, []byte("modules:\n  m:\n    transport: grpc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int // 0: any error without an exit code
		want     string
	}{
		{"unknown flag", []string{"--nope"}, 0, "unknown flag: --nope"},
		{"positional argument", []string{"extra"}, 0, `unknown command "extra"`},
		{"bad log level", []string{"--log-level", "loud"}, exitBadConfig, `--log-level "loud"`},
		{"negative offset", []string{"--timeout-offset", "-1s"}, exitBadConfig, "--timeout-offset -1s is negative"},
		{"missing config file", []string{"--config", filepath.Join(dir, "none.yaml")}, exitBadConfig, "read probe config"},
		{"unknown key", []string{"--config", badConfig}, exitBadConfig, "field timout not found"},
		{"invalid module", []string{"--config", invalid}, exitBadConfig, `module "m": transport: unknown value "grpc"`},
		{"one-shot unknown module", []string{"--target", "http://127.0.0.1:1/mcp", "--module", "x"}, exitBadConfig, `--module "x" is not defined`},
		{"one-shot bad target", []string{"--target", "mcp.example"}, exitBadConfig, "--target: invalid probe target"},
		{"listen address taken or bad", []string{"--listen", "256.0.0.1:0"}, 0, "listen on 256.0.0.1:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := executeProbe(ctx, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
			var ec exitCoder
			if tt.wantCode != 0 && (!errors.As(err, &ec) || ec.ExitCode() != tt.wantCode) {
				t.Errorf("error %v has no exit code %d", err, tt.wantCode)
			}
		})
	}
}

// The one-shot mode prints the debug page and fails with the probe.
func TestProbeCommandOneShotFailure(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stdout, err := executeProbe(ctx, "--target", "http://127.0.0.1:1/mcp")
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("want a refused probe, got %v", err)
	}
	if !strings.Contains(stdout, `probe_mcp_failed_phase{phase="connect",reason="refused"} 1`) {
		t.Errorf("debug page lacks the failed phase:\n%s", stdout)
	}
}

// The exporter serves until its context is cancelled, then stops cleanly.
func TestProbeCommandServesAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	root := newRootCommand()
	root.SetArgs([]string{"probe", "--listen", "127.0.0.1:0", "--log-level", "error"})
	root.SetOut(pw)
	root.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx); _ = pw.Close() }()

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no startup line: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	_, rest, ok := strings.Cut(line, "serving http://")
	if !ok {
		t.Fatalf("startup line %q", line)
	}
	base := "http://" + strings.TrimSuffix(strings.Fields(rest)[0], "/probe")
	for path, want := range map[string]string{
		"/metrics":                             "go_goroutines",
		"/-/healthy":                           "OK",
		"/":                                    "modules: default",
		"/probe?target=http://127.0.0.1:1/mcp": "probe_success 0",
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Errorf("%s lacks %q:\n%s", path, want, body)
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `mcpchaos_probe_probes_total{module="default",result="failure"} 1`) {
		t.Errorf("exporter metrics lack the probe count:\n%s", body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop after its context was cancelled")
	}
}
