package report

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// verdictDoc is verdict.json: the verdict for scripts and CI.
type verdictDoc struct {
	Verdict    Verdict  `json:"verdict"`
	ExitCode   int      `json:"exitCode"`
	Line       string   `json:"line"`
	Reasons    []Reason `json:"reasons"`
	Assertions Counts   `json:"assertions"`
	Thresholds struct {
		Total   int `json:"total"`
		Crossed int `json:"crossed"`
	} `json:"thresholds"`
	Faults struct {
		Total    int `json:"total"`
		Reverted int `json:"reverted"`
	} `json:"faults"`
}

// VerdictJSON renders verdict.json.
func (r *Run) VerdictJSON() ([]byte, error) {
	v := r.Verdict()
	d := verdictDoc{Verdict: v, ExitCode: v.ExitCode(), Line: r.Line(), Reasons: r.Reasons(), Assertions: r.Counts()}
	if d.Reasons == nil {
		d.Reasons = []Reason{}
	}
	d.Thresholds.Total, d.Thresholds.Crossed = len(r.Thresholds), r.crossed()
	d.Faults.Total, d.Faults.Reverted = len(r.Faults), r.reverted()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encode %s: %w", VerdictFile, err)
	}
	return buf.Bytes(), nil
}
