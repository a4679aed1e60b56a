package cicheck_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fakeDocker stands in for the docker CLI (GitHub's runners have one, this
// machine has no compose v2): it logs its arguments and exits with
// FAKE_RUN_CODE for `mcpchaos run`, FAKE_REPORT_CODE for `mcpchaos
// report`, 0 otherwise. It tests what the script passes and how it
// combines the codes; the compose stack itself runs in the compose
// package's tests.
const fakeDocker = `#!/bin/sh
echo "$*" >>"$FAKE_LOG"
case "$*" in
*"mcpchaos/mcpchaos:dev run "*) exit "$FAKE_RUN_CODE" ;;
*"mcpchaos/mcpchaos:dev report "*) exit "$FAKE_REPORT_CODE" ;;
esac
exit 0
`

type gateRun struct {
	code   int
	log    string // the fake docker's arguments, a line per call
	output string // $GITHUB_OUTPUT
	stderr string
}

// runGate runs the gate script's subcommand in a temporary working
// directory holding files, with the fake docker first on PATH.
func runGate(t *testing.T, sub string, env map[string]string, files ...string) gateRun {
	t.Helper()
	tmp := t.TempDir()
	work, bin := filepath.Join(tmp, "work"), filepath.Join(tmp, "bin")
	src := filepath.Join(tmp, "mcpchaos")
	for _, d := range []string{work, bin, src} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, data string, mode os.FileMode) {
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(bin, "docker"), fakeDocker, 0o755)
	write(filepath.Join(src, "docker-compose.yml"), "services: {}\n", 0o644)
	write(filepath.Join(tmp, "docker.sock"), "", 0o644)
	for _, f := range files {
		write(filepath.Join(work, f), "", 0o644)
	}
	script, err := filepath.Abs(filepath.Join(root, gateScript))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script, sub)
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"PATH="+bin+":"+os.Getenv("PATH"),
		"FAKE_LOG="+filepath.Join(tmp, "docker.log"),
		"GITHUB_OUTPUT="+filepath.Join(tmp, "output"),
		"RUNNER_TEMP="+tmp,
		"DOCKER_SOCKET="+filepath.Join(tmp, "docker.sock"),
		"MCPCHAOS_SRC="+src,
	)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	r := gateRun{stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	log, _ := os.ReadFile(filepath.Join(tmp, "docker.log"))
	out, _ := os.ReadFile(filepath.Join(tmp, "output"))
	r.log, r.output = string(log), string(out)
	return r
}

// TestGateScriptRun checks `run`: the scenario and config from the working
// directory when they are there, else the image's bundle; the report of the
// same run directory; the exit code the worse of the two, also in
// $GITHUB_OUTPUT.
func TestGateScriptRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		runCode, report  int
		want             int
		files            []string
		env              map[string]string
		scenario, config string
	}{
		{name: "pass", want: 0, scenario: "/mcpchaos/fixtures/compose/docker-faults.js", config: "/mcpchaos/mcpchaos.compose.yaml"},
		{name: "fail", runCode: 99, report: 99, want: 99},
		{name: "could not evaluate outranks a script error", runCode: 107, report: 120, want: 120},
		{name: "not reverted outranks all", runCode: 99, report: 121, want: 121},
		{name: "config error keeps its code", runCode: 104, report: 1, want: 104},
		{name: "a clean run the report fails", report: 120, want: 120},
		{name: "own scenario and config", files: []string{"gate.js", "gate.yaml"}, env: map[string]string{"SCENARIO": "gate.js", "MCPCHAOS_CONFIG": "gate.yaml"}, scenario: "/work/gate.js", config: "/work/gate.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"FAKE_RUN_CODE": strconv.Itoa(tt.runCode), "FAKE_REPORT_CODE": strconv.Itoa(tt.report)}
			for k, v := range tt.env {
				env[k] = v
			}
			r := runGate(t, "run", env, tt.files...)
			if r.code != tt.want {
				t.Fatalf("exit %d, want %d\nstderr: %s\ndocker: %s", r.code, tt.want, r.stderr, r.log)
			}
			if !strings.Contains(r.output, "exit-code="+strconv.Itoa(tt.want)+"\n") {
				t.Errorf("GITHUB_OUTPUT %q lacks exit-code=%d", r.output, tt.want)
			}
			dir := regexp.MustCompile(`report-dir=(reports/gate-\d{8}-\d{6})\n`).FindStringSubmatch(r.output)
			if dir == nil {
				t.Fatalf("GITHUB_OUTPUT %q has no report-dir", r.output)
			}
			lines := strings.Split(strings.TrimSpace(r.log), "\n")
			if len(lines) != 2 {
				t.Fatalf("docker ran %d times, want run and report:\n%s", len(lines), r.log)
			}
			run, report := lines[0], lines[1]
			for _, want := range []string{"--network host", "--summary-export " + dir[1] + "/summary.json", "--faults-events " + dir[1] + "/events.jsonl", "--assertions-results " + dir[1] + "/assertions.jsonl", "docker.sock:"} {
				if !strings.Contains(run, want) {
					t.Errorf("mcpchaos run lacks %q: %s", want, run)
				}
			}
			if got := argAfter(run, "mcpchaos/mcpchaos:dev run"); !strings.HasSuffix(got, tt.scenario) {
				t.Errorf("mcpchaos run runs %q, want …%s", got, tt.scenario)
			}
			if got := argAfter(run, "--config"); !strings.HasSuffix(got, tt.config) {
				t.Errorf("mcpchaos run's config is %q, want …%s", got, tt.config)
			}
			if !strings.HasSuffix(report, "mcpchaos/mcpchaos:dev report "+dir[1]) {
				t.Errorf("the report is not of the run's directory %s: %s", dir[1], report)
			}
		})
	}
}

// TestGateScriptUpAndDown checks the compose calls, with and without a
// candidate server image.
func TestGateScriptUpAndDown(t *testing.T) {
	t.Parallel()
	r := runGate(t, "up", map[string]string{"MCP_SERVER_IMAGE": "ghcr.io/acme/mcp:1"})
	if r.code != 0 {
		t.Fatalf("up: exit %d: %s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`compose -p mcpchaos-gate -f \S+/docker-compose.yml -f \S+/server-image.compose.yml up -d --build --wait`).MatchString(r.log) {
		t.Errorf("up ran %s", r.log)
	}
	r = runGate(t, "down", nil)
	if r.code != 0 || !strings.Contains(r.log, "compose -p mcpchaos-gate -f ") || !strings.Contains(r.log, " down -v --remove-orphans") || strings.Contains(r.log, "server-image") {
		t.Errorf("down: exit %d, ran %s", r.code, r.log)
	}
}

// TestGateScriptRefusesBadSettings checks the messages of a gate that
// cannot start.
func TestGateScriptRefusesBadSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sub string
		env       map[string]string
		wantErr   string
	}{
		{name: "no checkout", sub: "up", env: map[string]string{"MCPCHAOS_SRC": ""}, wantErr: "set MCPCHAOS_SRC"},
		{name: "missing compose file", sub: "up", env: map[string]string{"COMPOSE_FILES": "/nowhere/compose.yml"}, wantErr: "compose file /nowhere/compose.yml does not exist"},
		{name: "no docker socket", sub: "run", env: map[string]string{"DOCKER_SOCKET": "/nowhere.sock", "FAKE_RUN_CODE": "0", "FAKE_REPORT_CODE": "0"}, wantErr: "no Docker socket at /nowhere.sock"},
		{name: "unknown step", sub: "deploy", wantErr: "usage:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runGate(t, tt.sub, tt.env)
			if r.code == 0 || !strings.Contains(r.stderr, tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want a failure saying %q", r.code, r.stderr, tt.wantErr)
			}
		})
	}
}

// argAfter is the word after the words of prefix in a command line.
func argAfter(line, prefix string) string {
	_, rest, ok := strings.Cut(line, prefix+" ")
	if !ok {
		return ""
	}
	word, _, _ := strings.Cut(rest, " ")
	return word
}
