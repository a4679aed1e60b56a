package assertions

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// ResultLog appends Results to a JSON-lines file, one object a line, as
// they are reached: the run's results file, read by the report.
type ResultLog struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

// CreateResultLog creates (truncates) path.
func CreateResultLog(path string) (*ResultLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("assertion results file: %w", err)
	}
	return &ResultLog{f: f, path: path}, nil
}

// Path is the file's path.
func (l *ResultLog) Path() string { return l.path }

// Entry is one line of the results file: the Result, its error as text.
type Entry struct {
	Result
	Error string `json:"error,omitempty"`
}

// Write appends r and syncs, so a killed run keeps what it found.
func (l *ResultLog) Write(r Result) error {
	e := Entry{Result: r}
	if r.Err != nil {
		e.Error = r.Err.Error()
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode result of %s: %w", r.Subject, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	return l.f.Sync()
}

// Close closes the file; safe to call twice.
func (l *ResultLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
