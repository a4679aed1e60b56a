package assertionsjs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// cutWait bounds how long EndRun waits for a stopped background
// expectation to return; one that does not is recorded as Error anyway.
const cutWait = 10 * time.Second

// maxListed is how many expectations the verdict's message names.
const maxListed = 5

// shared is what the VUs of one run share: the backends, built at the
// first expectation, the results file, the background tasks and the
// expectations that could not be evaluated.
type shared struct {
	mu       sync.Mutex
	built    bool
	b        *assertions.Backends
	bErr     error
	logger   *slog.Logger
	file     *assertions.ResultLog
	fileErr  error // creating or writing the results file; the first
	tasks    []*task
	unknowns []assertions.Result // Error results, in the order met
}

// backends returns the run's backends, built at the first call from the
// config's backends; bearer tokens come from __ENV, else the process
// environment. A config error is returned to every call.
func (s *shared) backends(env *modules.InitEnv) (*assertions.Backends, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.built {
		s.built, s.logger = true, env.Logger
		lookup := func(k string) (string, bool) {
			if v, ok := env.Env[k]; ok {
				return v, true
			}
			return os.LookupEnv(k)
		}
		if env.Config == nil {
			s.bErr = configErr{errors.New("no config")}
		} else if s.b, s.bErr = assertions.New(env.Config.Backends, assertions.WithLookupEnv(lookup)); s.bErr != nil {
			s.bErr = configErr{s.bErr}
		}
	}
	return s.b, s.bErr
}

// write adds r to the results file, creating it at the first result,
// and remembers an Error for the verdict.
func (s *shared) write(path string, r assertions.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Status == assertions.Error {
		s.unknowns = append(s.unknowns, r)
	}
	if s.file == nil && s.fileErr == nil {
		if dir := filepath.Dir(path); dir != "." {
			s.fileErr = os.MkdirAll(dir, 0o755)
		}
		if s.fileErr == nil {
			s.file, s.fileErr = assertions.CreateResultLog(path)
		}
	}
	if s.file == nil {
		return
	}
	if err := s.file.Write(r); err != nil && s.fileErr == nil {
		s.fileErr = err
	}
}

// end waits up to wait for the background tasks, stops the rest,
// records what is not recorded yet, and returns the verdict; the module
// is then ready for another run.
func (m *Module) end(wait time.Duration) error {
	s := &m.shared
	s.mu.Lock()
	tasks, logger := s.tasks, s.logger
	s.mu.Unlock()
	finishTasks(tasks, wait, logger)
	for _, t := range tasks {
		if t.claim() {
			r, _ := t.result()
			m.record(r, t.sinks, t.at, direct{})
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	verdict := s.verdict()
	if s.file != nil {
		if err := s.file.Close(); err != nil && s.fileErr == nil {
			s.fileErr = err
		}
	}
	if s.fileErr != nil {
		verdict = errors.Join(verdict, fmt.Errorf("assertion results file %s: %w", m.resultsPath, s.fileErr))
	}
	s.built, s.b, s.bErr, s.logger, s.file, s.fileErr, s.tasks, s.unknowns = false, nil, nil, nil, nil, nil, nil, nil
	return verdict
}

// finishTasks waits up to wait for every task, then stops those still
// running and waits cutWait for them to return; one that does not gets
// an Error result of its own.
func finishTasks(tasks []*task, wait time.Duration, logger *slog.Logger) {
	running := unfinished(tasks)
	if len(running) == 0 {
		return
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger.Info(fmt.Sprintf("assertions: the test ended with %d background expectation(s) running: waiting up to %s for them", len(running), wait))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	awaitAll(ctx, running)
	if running = unfinished(running); len(running) == 0 {
		return
	}
	logger.Warn(fmt.Sprintf("assertions: stopping %d background expectation(s) still running %s after the test ended; they could not be evaluated", len(running), wait))
	for _, t := range running {
		t.cancel()
	}
	cctx, ccancel := context.WithTimeout(context.Background(), cutWait)
	defer ccancel()
	awaitAll(cctx, running)
	for _, t := range unfinished(running) {
		t.finish(failed(t.exp.Kind(), t.exp.String(), fmt.Errorf("could not evaluate: still running %s after the test ended, and did not stop when told to", wait+cutWait)))
	}
}

func awaitAll(ctx context.Context, tasks []*task) {
	for _, t := range tasks {
		select {
		case <-t.done:
		case <-ctx.Done():
			return
		}
	}
}

func unfinished(tasks []*task) []*task {
	var out []*task
	for _, t := range tasks {
		if _, ok := t.result(); !ok {
			out = append(out, t)
		}
	}
	return out
}

// verdict is exit 120 naming the expectations that could not be
// evaluated, or nil.
func (s *shared) verdict() error {
	if len(s.unknowns) == 0 {
		return nil
	}
	var lines []string
	for _, r := range s.unknowns[:min(len(s.unknowns), maxListed)] {
		lines = append(lines, r.Subject+": "+r.Why)
	}
	if n := len(s.unknowns) - maxListed; n > 0 {
		lines = append(lines, fmt.Sprintf("and %d more (see the results file)", n))
	}
	return &engine.Error{Code: engine.ExitCouldNotEvaluate, Err: fmt.Errorf("%d assertion(s) could not be evaluated (neither pass nor fail): %s", len(s.unknowns), strings.Join(lines, "; "))}
}

// configErr is a problem with mcpchaos.yaml's backends.
type configErr struct{ err error }

func (e configErr) Error() string {
	return e.err.Error() + " (fix mcpchaos.yaml's backends, or the MCPCHAOS_BACKENDS_ variables)"
}

func (e configErr) Unwrap() error { return e.err }
