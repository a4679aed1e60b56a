package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/report"
)

// writeRun makes a run directory holding files (name → content).
func writeRun(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	okSummary = `{"metrics":{"iterations":{"count":10,"rate":1}},"root_group":{}}`
	passLine  = `{"name":"queryHolds","subject":"queryHolds(up == 1)","status":"pass","why":"held","started":"2026-03-02T10:00:00Z","ended":"2026-03-02T10:00:05Z","polls":3}` + "\n"
	inject    = `{"time":"2026-03-02T10:00:01Z","event":"inject","id":"latency-1","kind":"latency","target":"downstream"}` + "\n"
	reverted  = `{"time":"2026-03-02T10:00:09Z","event":"reverted","id":"latency-1","kind":"latency","target":"downstream","revertedAt":"2026-03-02T10:00:09Z"}` + "\n"
)

// TestVerdict: each input that keeps a run from passing gives the verdict
// it should and a reason naming it; nothing unjudged passes.
func TestVerdict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		files  map[string]string
		want   report.Verdict
		reason string
	}{
		{"passing", map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: passLine, report.EventsFile: inject + reverted},
			report.VerdictPass, ""},
		{"a load test without assertions or faults", map[string]string{report.SummaryFile: okSummary},
			report.VerdictPass, ""},
		{"summary missing", map[string]string{report.AssertionsFile: passLine},
			report.VerdictError, "summary.json is missing"},
		{"summary not JSON", map[string]string{report.SummaryFile: `{"metrics":`, report.AssertionsFile: passLine},
			report.VerdictError, "summary.json"},
		{"thresholds not a map", map[string]string{report.SummaryFile: `{"metrics":{"x":{"thresholds":[1]}}}`},
			report.VerdictError, `metrics["x"].thresholds`},
		{"fewer results than assertion checks", map[string]string{
			report.SummaryFile:    `{"metrics":{"checks{kind:assertion}":{"passes":2,"fails":0,"value":1}}}`,
			report.AssertionsFile: passLine},
			report.VerdictError, "the 1 missing cannot be judged"},
		{"a result line cut short", map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: passLine + `{"name":"logsMatch","sta`},
			report.VerdictError, "assertions.jsonl line 2"},
		{"unknown status", map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: strings.Replace(passLine, `"pass"`, `"maybe"`, 1)},
			report.VerdictError, `status "maybe"`},
		{"fault never took effect", map[string]string{report.SummaryFile: okSummary, report.EventsFile: inject +
			`{"time":"2026-03-02T10:00:02Z","event":"not_effective","id":"latency-1","error":"latency not seen"}` + "\n" + reverted},
			report.VerdictError, "never took effect, so nothing judged it: latency not seen"},
		{"fault revert never confirmed", map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: passLine, report.EventsFile: inject},
			report.VerdictFaultNotReverted, "ends before its revert was confirmed"},
		{"fault not reverted outranks everything", map[string]string{
			report.AssertionsFile: strings.Replace(passLine, `"pass"`, `"error"`, 1),
			report.EventsFile:     inject + `{"time":"2026-03-02T10:00:09Z","event":"not_reverted","id":"latency-1","error":"keeper: 500"}` + "\n"},
			report.VerdictFaultNotReverted, "was not reverted: keeper: 500"},
		{"threshold crossed", map[string]string{report.SummaryFile: `{"metrics":{"http_req_duration":{"p(95)":1296,"thresholds":{"p(95)<200":true}}}}`},
			report.VerdictFail, "threshold p(95)<200 on http_req_duration crossed: observed p(95)=1296"},
		{"rate threshold reads the export's value", map[string]string{report.SummaryFile: `{"metrics":{"checks":{"value":0.5,"passes":1,"fails":1,"thresholds":{"rate==1":true}}}}`},
			report.VerdictFail, "observed rate=0.5"},
		{"error outranks fail", map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: strings.Replace(passLine, `"pass"`, `"fail"`, 1) +
			strings.Replace(passLine, `"pass","why":"held"`, `"error","why":"prometheus unreachable"`, 1)},
			report.VerdictError, "could not be evaluated: prometheus unreachable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := report.Load(writeRun(t, tc.files))
			if err != nil {
				t.Fatal(err)
			}
			if v := r.Verdict(); v != tc.want {
				t.Errorf("verdict %s, want %s; reasons %v", v, tc.want, r.Reasons())
			}
			text := ""
			for _, x := range r.Reasons() {
				text += x.Text + "\n"
			}
			if tc.reason == "" && text != "" || !strings.Contains(text, tc.reason) {
				t.Errorf("reasons:\n%swant one saying %q", text, tc.reason)
			}
			if r.Verdict() != report.VerdictPass && !strings.HasPrefix(r.Line(), r.Verdict().Title()) {
				t.Errorf("line %q does not start with the verdict", r.Line())
			}
		})
	}
}

func TestVerdictExitCodes(t *testing.T) {
	t.Parallel()
	for v, code := range map[report.Verdict]int{
		report.VerdictPass: 0, report.VerdictFail: 99, report.VerdictError: 120, report.VerdictFaultNotReverted: 121,
	} {
		if got := v.ExitCode(); got != code {
			t.Errorf("%s exits %d, want %d", v, got, code)
		}
	}
}

// TestLoadErrors: a directory Load cannot use is an error saying what to
// give instead.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "summary.json")
	if err := os.WriteFile(file, []byte(okSummary), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, dir, want string }{
		{"missing", filepath.Join(t.TempDir(), "nope"), "no such file"},
		{"a file", file, "give the directory"},
		{"empty", t.TempDir(), "is it a run directory?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.Load(tc.dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
			if err := report.Render(tc.dir); err == nil {
				t.Error("Render wrote a report for it")
			}
		})
	}
}

// TestExtrasLeftOut: a broken timeline or mutation matrix takes only its
// part out of the report, with a note naming the problem.
func TestExtrasLeftOut(t *testing.T) {
	t.Parallel()
	dir := writeRun(t, map[string]string{
		report.SummaryFile:   okSummary,
		report.TimelineFile:  `{"from": 12}`,
		report.MutationsFile: `{"mutations":[{"name":"","results":[{"assertion":"x","outcome":"sort of"}]}]}`,
	})
	r, err := report.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Timeline != nil || r.Mutations != nil || r.Verdict() != report.VerdictPass {
		t.Errorf("timeline %v, mutations %v, verdict %s: want both left out, the verdict untouched", r.Timeline, r.Mutations, r.Verdict())
	}
	notes := strings.Join(r.Notes, "\n")
	for _, want := range []string{"the timeline is left out", "mutations[0]: name is empty", `outcome "sort of": use caught, missed or error`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
}

// TestEscaped: what a run's files say reaches the HTML, Markdown and XML
// as text, never as markup (in Markdown, code blocks show their text as
// it is, so they are left out of the check).
func TestEscaped(t *testing.T) {
	t.Parallel()
	evil := `<script>alert(1)</script>`
	line := strings.Replace(passLine, `"why":"held"`, `"why":"`+strings.ReplaceAll(evil, `"`, `\"`)+`","query":"x{a=\"<img src=x onerror=alert(2)>\"}"`, 1)
	line = strings.Replace(line, `"status":"pass"`, `"status":"fail","scenario":"<b>s</b>"`, 1)
	dir := writeRun(t, map[string]string{report.SummaryFile: okSummary, report.AssertionsFile: line})
	if err := report.Render(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{report.HTMLFile, report.MarkdownFile, report.JUnitFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if name == report.MarkdownFile {
			text = outsideFences(text)
		}
		for _, bad := range []string{evil, "<img src=x", "<b>s</b>"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s holds %q unescaped", name, bad)
			}
		}
		if !strings.Contains(string(b), "alert(1)") {
			t.Errorf("%s lost the text of the why", name)
		}
	}
}

// outsideFences drops the fenced code blocks of a Markdown text.
func outsideFences(md string) string {
	var out []string
	in := false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "```") {
			in = !in
			continue
		}
		if !in {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
