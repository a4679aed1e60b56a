package faultsjs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/faults"
)

// endTimeout bounds the reverts at the end of the run; a revert not
// confirmed by then is a fault not reverted.
const endTimeout = 3 * time.Minute

// shared is what the VUs of one run share: the injector, built at the
// first injection, the faults it injected and the faults not reverted.
type shared struct {
	mu          sync.Mutex
	in          *faults.Injector
	events      *eventsFile
	log         *slog.Logger
	swept       bool
	handles     []*faults.Handle
	notReverted map[string]*faults.NotRevertedError // by fault id
	order       []string                            // ids in the order met
}

// injector returns the run's injector, building it at the first call and
// sweeping what earlier runs left before the first fault.
func (m *Module) injector(ctx context.Context, env *modules.InitEnv) (*faults.Injector, error) {
	s := &m.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.in == nil {
		if err := s.build(ctx, env, m.eventsPath, m.keeper); err != nil {
			return nil, err
		}
	}
	if !s.swept {
		lines, err := s.in.Sweep(ctx)
		for _, l := range lines {
			s.log.Warn("faults: " + l)
		}
		if err != nil {
			s.noteLocked(err)
			return nil, fmt.Errorf("clear what earlier runs left (nothing injected): %w", err)
		}
		s.swept = true
	}
	return s.in, nil
}

func (s *shared) build(ctx context.Context, env *modules.InitEnv, eventsPath string, keeper KeeperFunc) error {
	cfg := env.Config
	var opts []faults.Option
	if cfg.Faults.Supervisor.URL == "" && needsKeeper(cfg) && keeper != nil {
		k, err := keeper(ctx)
		if err != nil {
			return fmt.Errorf("start the lease keeper (the fault watchdog): %w", err)
		}
		opts = append(opts, faults.WithKeeper(k))
	}
	ev, err := createEvents(eventsPath)
	if err != nil {
		return err
	}
	in, err := faults.New(cfg, append(opts, faults.WithEventLog(ev))...)
	if err != nil {
		return errors.Join(err, ev.close())
	}
	s.in, s.events, s.log = in, ev, env.Logger
	return nil
}

// needsKeeper: the config has targets whose lease only a supervisor or
// the watchdog can own.
func needsKeeper(cfg *config.Config) bool {
	for _, t := range cfg.Faults.Targets {
		if t.Driver == "toxiproxy" || t.Driver == "docker" {
			return true
		}
	}
	return false
}

// track remembers an injected fault, whose outcome EndRun checks.
func (s *shared) track(h *faults.Handle) {
	s.mu.Lock()
	s.handles = append(s.handles, h)
	s.mu.Unlock()
}

// note records the faults not reverted that err holds: they set the
// run's verdict even when the script catches the exception.
func (s *shared) note(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noteLocked(err)
}

func (s *shared) noteLocked(err error) {
	for _, nr := range notReverted(err) {
		if s.notReverted == nil {
			s.notReverted = map[string]*faults.NotRevertedError{}
		}
		if _, seen := s.notReverted[nr.ID]; !seen {
			s.notReverted[nr.ID] = nr
			s.order = append(s.order, nr.ID)
		}
	}
}

// notReverted lists the *faults.NotRevertedError in err's tree.
func notReverted(err error) []*faults.NotRevertedError {
	switch x := err.(type) {
	case nil:
		return nil
	case *faults.NotRevertedError:
		return []*faults.NotRevertedError{x}
	case interface{ Unwrap() []error }:
		var out []*faults.NotRevertedError
		for _, e := range x.Unwrap() {
			out = append(out, notReverted(e)...)
		}
		return out
	}
	return notReverted(errors.Unwrap(err))
}

// end reverts what is still in effect, closes the event log and returns
// the verdict; the module is then ready for another run.
func (s *shared) end() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.in == nil {
		return nil
	}
	if n := len(s.in.Active()); n > 0 {
		s.log.Info(fmt.Sprintf("faults: the test ended with %d fault(s) in effect: reverting", n))
	}
	ctx, cancel := context.WithTimeout(context.Background(), endTimeout)
	defer cancel()
	s.noteLocked(s.in.Close(ctx))
	for _, h := range s.handles {
		select {
		case <-h.Done(): // a self-revert no one awaited may have failed
			s.noteLocked(h.Wait(ctx))
		default:
		}
	}
	var errs []error
	for _, id := range s.order {
		nr := s.notReverted[id]
		s.log.Error(nr.Error())
		errs = append(errs, nr)
	}
	var verdict error
	if len(errs) > 0 {
		verdict = &engine.Error{Code: engine.ExitFaultNotReverted, Err: errors.Join(errs...)}
	}
	verdict = errors.Join(verdict, s.events.close())
	s.in, s.events, s.swept, s.handles, s.notReverted, s.order = nil, nil, false, nil, nil, nil
	return verdict
}

// eventsFile is the event log's file; it keeps the first write error,
// which the injector's log does not report.
type eventsFile struct {
	path string
	f    *os.File
	mu   sync.Mutex
	err  error
}

var _ io.Writer = (*eventsFile)(nil)

func createEvents(path string) (*eventsFile, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("fault event log: %w", err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("fault event log: %w", err)
	}
	return &eventsFile{path: path, f: f}, nil
}

func (e *eventsFile) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, err := e.f.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

func (e *eventsFile) close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	err := errors.Join(e.err, e.f.Close())
	if err != nil {
		return fmt.Errorf("fault event log %s: %w", e.path, err)
	}
	return nil
}
