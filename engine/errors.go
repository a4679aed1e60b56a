package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grafana/sobek"
)

// Error is a run failure that carries the process exit code for it. Its
// message names what failed and never holds a Go stack trace; JavaScript
// exceptions keep their JavaScript stack.
type Error struct {
	Code int
	Err  error
}

// Error implements error.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ExitCode is the process exit code for this failure.
func (e *Error) ExitCode() int { return e.Code }

// withCode wraps err with an exit code; nil stays nil.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: code, Err: err}
}

// configError is an invalid-options error (exit 104).
func configError(format string, args ...any) error {
	return &Error{Code: ExitInvalidConfig, Err: fmt.Errorf(format, args...)}
}

// ExitCodeOf returns the exit code an error maps to (ExitGeneric when it
// carries none, ExitOK for nil).
func ExitCodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitGeneric
}

// worstCode is the most severe exit code (Outranks) that err carries
// anywhere in its tree, as errors.Join of several modules' verdicts
// holds them; ExitGeneric when it carries none.
func worstCode(err error) int {
	worst := ExitOK
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case nil:
			return
		case *Error:
			if Outranks(x.Code, worst) {
				worst = x.Code
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
			return
		}
		if u := errors.Unwrap(err); u != nil {
			walk(u)
		}
	}
	walk(err)
	if worst == ExitOK && err != nil {
		return ExitGeneric
	}
	return worst
}

// ErrAborted is the cause of a run stopped by test.abort().
var ErrAborted = errors.New("test aborted by the script")

// errInterrupted is the interrupt value when a VU's context ends.
var errInterrupted = errors.New("iteration interrupted: the scenario or test ended")

// jsError turns an error from sobek into a readable one: exceptions keep
// their JavaScript message and stack, interrupts their reason.
func jsError(err error) error {
	var ex *sobek.Exception
	if errors.As(err, &ex) {
		return &scriptError{msg: strings.TrimRight(ex.String(), "\n")}
	}
	var ie *sobek.InterruptedError
	if errors.As(err, &ie) {
		if cause, ok := ie.Value().(error); ok {
			return cause
		}
		return fmt.Errorf("interrupted: %v", ie.Value())
	}
	return err
}

// scriptError is a JavaScript exception, rendered with its JS stack.
type scriptError struct{ msg string }

func (e *scriptError) Error() string { return e.msg }
