package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxLine bounds one JSON line (a result with a large Details report).
const maxLine = 64 << 20

// readLines decodes the JSON-lines file dir/name into a slice of T. A
// missing file is (nil, false, nil). A line that does not decode is left
// out and named in bad, so a run killed mid-write still gets its report
// (and an error verdict); err is for a file that cannot be read at all.
func readLines[T any](dir, name string) (out []T, found bool, bad []error, err error) {
	f, err := os.Open(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil, nil
	}
	if err != nil {
		return nil, false, nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			bad = append(bad, fmt.Errorf("%s line %d is not a JSON object (%w): it was left out; was the run killed mid-write?", name, n, err))
			continue
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, true, nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, true, bad, nil
}

// readJSON decodes dir/name into v. A missing file is (false, nil).
func readJSON(dir, name string, v any) (bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("%s: %w", name, err)
	}
	return true, nil
}
