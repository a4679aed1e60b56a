package assertions

import (
	"math"
	"sort"
	"time"
)

// LogsReport is logsComplete's account, like loki-canary's but of the
// server's own lines: Result.Details.
type LogsReport struct {
	// Field is the field the ids are in.
	Field string `json:"field"`
	// Sent counts the distinct ids expected; Found those with a line.
	Sent  int `json:"sent"`
	Found int `json:"found"`
	// Missing are the ids with no line, sorted, all of them.
	Missing []string `json:"missing"`
	// Duplicated are the ids with more than one matching line, and how
	// many lines each has.
	Duplicated map[string]int64 `json:"duplicated,omitempty"`
	// IngestLag is how long lines took to become visible, when it could
	// be measured; IngestLagNote says why not otherwise.
	IngestLag     *LagStats `json:"ingestLag,omitempty"`
	IngestLagNote string    `json:"ingestLagNote,omitempty"`
}

// LagStats summarize, over the ids whose line was first seen after the
// first poll, the time from the line's own timestamp (the server's clock
// when it logged) to the start of the poll that first saw it. That is an
// upper bound on the true write-to-queryable lag, too high by at most
// Resolution (the longest gap between the poll that saw a line and the
// one before, which did not). Ids already there at the first poll are
// left out: when they arrived is unknown. VictoriaLogs keeps no
// ingestion timestamp, so the shipper's and the backend's shares are not
// told apart.
type LagStats struct {
	Samples    int           `json:"samples"`
	P50        time.Duration `json:"p50Ns"`
	P95        time.Duration `json:"p95Ns"`
	P99        time.Duration `json:"p99Ns"`
	Max        time.Duration `json:"maxNs"`
	Resolution time.Duration `json:"resolutionNs"`
}

// Why IngestLag can be missing.
const (
	lagNoTimestamps = "not measured: the backend's counts give no line timestamps (Loki metric queries)"
	lagAllAtFirst   = "not measured: every line found was already there at the first poll, so when it arrived is unknown (start logsComplete before or while the calls are made)"
)

// lagStats summarizes lags (nearest-rank percentiles); nil when empty.
func lagStats(lags []time.Duration, resolution time.Duration) *LagStats {
	if len(lags) == 0 {
		return nil
	}
	s := append([]time.Duration(nil), lags...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return &LagStats{Samples: len(s), P50: rank(0.50), P95: rank(0.95), P99: rank(0.99), Max: s[len(s)-1], Resolution: resolution}
}
