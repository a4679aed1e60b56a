package assertions

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
)

// statsAnswer is the Prometheus-shaped instant-vector answer both logs
// backends give for counts: VictoriaLogs's /select/logsql/stats_query
// and Loki's /loki/api/v1/query.
type statsAnswer struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			// Value is [<unix seconds>, "<value>"].
			Value []json.RawMessage `json:"value"`
		} `json:"result"`
	} `json:"data"`
	Error string `json:"error"`
}

// statsRow is one sample: its labels (VictoriaLogs: __name__ is the
// stats result's name) and its value as sent.
type statsRow struct {
	labels map[string]string
	value  string
}

// decodeStats reads an instant vector, as a bad_response APIError when it
// is not one.
func decodeStats(ep *endpoint, path string, q url.Values, b []byte) ([]statsRow, error) {
	var a statsAnswer
	if err := ep.decode(path, q, b, &a); err != nil {
		return nil, err
	}
	bad := func(msg string) error {
		return &APIError{Backend: ep.backend, Type: ErrBadResponse, URL: ep.url(path, q), Msg: fmt.Sprintf("%s (%.200q)", msg, b)}
	}
	if a.Status != "success" {
		return nil, bad(fmt.Sprintf("status %q, not success: %s", a.Status, a.Error))
	}
	if a.Data.ResultType != "vector" {
		return nil, bad(fmt.Sprintf("resultType %q, want vector", a.Data.ResultType))
	}
	rows := make([]statsRow, 0, len(a.Data.Result))
	for _, r := range a.Data.Result {
		var v string
		if len(r.Value) != 2 || json.Unmarshal(r.Value[1], &v) != nil {
			return nil, bad("a sample's value is not [time, \"value\"]")
		}
		rows = append(rows, statsRow{labels: r.Metric, value: v})
	}
	return rows, nil
}

// lineCount reads a count sample, which must be a whole number ≥ 0.
func lineCount(ep *endpoint, path string, s string) (int64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxInt64 {
		return 0, &APIError{Backend: ep.backend, Type: ErrBadResponse, URL: ep.url(path, nil), Msg: fmt.Sprintf("count %q is not a whole number of lines", s)}
	}
	return int64(f), nil
}
