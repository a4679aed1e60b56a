package stack

import "errors"

// Sentinel errors.
var (
	// ErrAlreadyUp: the directory's stack is running.
	ErrAlreadyUp = errors.New("a stack is already up in this directory: use it, or run `mcpchaos stack down` first")
	// ErrNotUp: no stack runs from the directory.
	ErrNotUp = errors.New("no stack is up in this directory: run `mcpchaos stack up`")
	// ErrNotRunning: the directory has a stack whose supervisor died.
	ErrNotRunning = errors.New("the stack's supervisor is not running: run `mcpchaos stack down` to clean up, then `mcpchaos stack up`")
	// ErrNotReady: a component did not become ready in time.
	ErrNotReady = errors.New("the stack did not become ready")
)
