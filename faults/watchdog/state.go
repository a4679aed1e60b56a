package watchdog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Files of the state directory.
const (
	stateFile = "watchdog.json"
	tokenFile = "token"
	logFile   = "watchdog.log"
	startLock = "start.lock" // held while a runner starts a watchdog
	serveLock = "serve.lock" // held by the serving watchdog
)

// ErrNotRunning: no watchdog answers for the directory.
var ErrNotRunning = errors.New("no fault watchdog is running")

// State is what a serving watchdog writes into its directory.
type State struct {
	URL       string    `json:"url"`
	TokenFile string    `json:"token_file"`
	PID       int       `json:"pid"`
	StartedAt time.Time `json:"started_at"`
	Idle      string    `json:"idle"`
}

// Open returns a client for the watchdog serving dir, once it answers;
// ErrNotRunning when none does.
func Open(ctx context.Context, dir string) (*control.Client, State, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, State{}, fmt.Errorf("%w in %s", ErrNotRunning, dir)
	}
	if err != nil {
		return nil, State{}, fmt.Errorf("fault watchdog: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, State{}, fmt.Errorf("fault watchdog state %s: %w", filepath.Join(dir, stateFile), err)
	}
	c, err := control.NewClientFromFile(st.URL, st.TokenFile)
	if err != nil {
		return nil, st, fmt.Errorf("%w in %s (stale state: %v)", ErrNotRunning, dir, err)
	}
	hctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := c.Health(hctx); err != nil {
		return nil, st, fmt.Errorf("%w in %s (pid %d does not answer at %s)", ErrNotRunning, dir, st.PID, st.URL)
	}
	return c, st, nil
}

// writeToken writes a fresh random token, readable by the owner only.
func writeToken(path string) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	return writeFile(path, []byte(hex.EncodeToString(b)+"\n"), 0o600)
}

// writeFile replaces path atomically, so a reader never sees half a file.
func writeFile(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
