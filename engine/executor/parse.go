package executor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Names lists the executors this package implements.
func Names() []string {
	return []string{SharedIterationsType, PerVUIterationsType, ConstantVUsType, RampingVUsType, ConstantArrivalRateType, RampingArrivalRateType}
}

// New returns the configuration of executor typ with k6's defaults, for
// scenario name; ok is false for an unknown executor.
func New(name, typ string) (Config, bool) {
	switch typ {
	case SharedIterationsType:
		return NewSharedIterations(name), true
	case PerVUIterationsType:
		return NewPerVUIterations(name), true
	case ConstantVUsType:
		return NewConstantVUs(name), true
	case RampingVUsType:
		return NewRampingVUs(name), true
	case ConstantArrivalRateType:
		return NewConstantArrivalRate(name), true
	case RampingArrivalRateType:
		return NewRampingArrivalRate(name), true
	}
	return nil, false
}

// Parse reads one entry of options.scenarios. Unknown executors and
// unknown options are errors.
func Parse(name string, raw json.RawMessage) (Config, error) {
	var head struct {
		Executor *string `json:"executor"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("scenario %q: %w", name, err)
	}
	if head.Executor == nil {
		return nil, fmt.Errorf("scenario %q: missing \"executor\": use one of %s", name, strings.Join(Names(), ", "))
	}
	cfg, ok := New(name, *head.Executor)
	if !ok {
		return nil, fmt.Errorf("scenario %q: unknown executor %q: use one of %s", name, *head.Executor, strings.Join(Names(), ", "))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("scenario %q (%s): %s", name, *head.Executor, decodeMessage(err, cfg))
	}
	return cfg, nil
}

// decodeMessage rewords encoding/json errors in k6 option terms.
func decodeMessage(err error, cfg Config) string {
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fmt.Sprintf("unknown option %s: this executor takes %s", f, strings.Join(optionNames(cfg), ", "))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("option %q: got a JSON %s, want %s", te.Field, te.Value, te.Type.String())
	}
	return strings.TrimPrefix(msg, "json: ")
}

// optionNames lists the JSON option names a configuration accepts.
func optionNames(cfg Config) []string {
	b, _ := json.Marshal(cfg)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
