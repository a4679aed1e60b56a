package stack

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
)

// writeTLS keeps the stack's test CA across runs (so a client that trusts
// it keeps working) unless it expires within a month, and issues a fresh
// one-year server certificate for localhost, 127.0.0.1 and ::1.
func writeTLS(p *plan) error {
	ca, err := certs.LoadCA(p.CAFile(), p.CAKeyFile())
	if err != nil || ca.NotAfter().Before(time.Now().AddDate(0, 1, 0)) {
		if ca, err = certs.NewCA("mcpchaos stack test CA", 10*365*24*time.Hour); err != nil {
			return fmt.Errorf("stack TLS: %w", err)
		}
		if err := ca.WriteFiles(p.CAFile(), p.CAKeyFile()); err != nil {
			return fmt.Errorf("stack TLS: %w", err)
		}
	}
	pair, err := ca.Issue(certs.Options{})
	if err != nil {
		return fmt.Errorf("stack TLS: %w", err)
	}
	// Originals kept by an earlier swap_cert belong to an older cert.
	for _, f := range []string{p.CertFile() + ".orig", p.KeyFile() + ".orig"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("stack TLS: %w", err)
		}
	}
	if err := pair.WriteFiles(p.CertFile(), p.KeyFile()); err != nil {
		return fmt.Errorf("stack TLS: %w", err)
	}
	return nil
}
