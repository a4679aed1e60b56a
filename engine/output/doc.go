// Package output streams a run's samples to files as k6's --out does.
// New parses a `type=argument` spec; the only type so far is json
// (`json=results.json`, `.gz` for gzip), written in k6's line format.
package output
