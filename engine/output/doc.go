// Package output streams a run's samples as k6's --out does. New parses a
// `type=argument` spec; the only type so far is json: `json=results.json`
// (a `.gz` suffix gzips, `-` or nothing writes to stdout), one JSON object
// per line in k6's format — a Metric line before each metric's first
// point, then Point lines with time, value and tags.
package output
