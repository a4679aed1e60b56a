package supervisor

import (
	"crypto/tls"
	"errors"
	"fmt"
	"os"

	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// origSuffix names the copies swap_cert keeps of the original files.
const origSuffix = ".orig"

// swapCert writes the action's certificate and key over the component's
// TLS files, each by an atomic rename, after keeping the originals once.
func swapCert(spec Spec, a control.Action) error {
	if spec.TLS == nil {
		return fmt.Errorf("%s has no TLS files to swap: %w", spec.Name, control.ErrBadRequest)
	}
	cert, key := []byte(a.CertPEM), []byte(a.KeyPEM)
	var err error
	if len(cert) == 0 && a.CertFile != "" {
		if cert, err = os.ReadFile(a.CertFile); err != nil {
			return fmt.Errorf("swap_cert: %w: %w", err, control.ErrBadRequest)
		}
	}
	if len(key) == 0 && a.KeyFile != "" {
		if key, err = os.ReadFile(a.KeyFile); err != nil {
			return fmt.Errorf("swap_cert: %w: %w", err, control.ErrBadRequest)
		}
	}
	if len(cert) == 0 || len(key) == 0 {
		return fmt.Errorf("swap_cert needs cert_pem and key_pem (or cert_file and key_file): %w", control.ErrBadRequest)
	}
	if _, err := tls.X509KeyPair(cert, key); err != nil {
		return fmt.Errorf("swap_cert: the certificate and key do not form a pair: %v: %w", err, control.ErrBadRequest)
	}
	for _, f := range []string{spec.TLS.CertFile, spec.TLS.KeyFile} {
		if err := keepOriginal(f); err != nil {
			return err
		}
	}
	// The key goes first: a server reloading on the cert's change then
	// finds a matching key.
	if err := atomicfile.Write(spec.TLS.KeyFile, key, 0o600); err != nil {
		return err
	}
	return atomicfile.Write(spec.TLS.CertFile, cert, 0o644)
}

// restoreCert puts the originals back; with none kept it does nothing.
func restoreCert(spec Spec) error {
	if spec.TLS == nil {
		return fmt.Errorf("%s has no TLS files: %w", spec.Name, control.ErrBadRequest)
	}
	for _, f := range []struct {
		path string
		mode os.FileMode
	}{{spec.TLS.KeyFile, 0o600}, {spec.TLS.CertFile, 0o644}} {
		orig, err := os.ReadFile(f.path + origSuffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("restore_cert: %w", err)
		}
		if err := atomicfile.Write(f.path, orig, f.mode); err != nil {
			return err
		}
	}
	return nil
}

func keepOriginal(path string) error {
	if _, err := os.Stat(path + origSuffix); err == nil {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("swap_cert: keep original: %w", err)
	}
	return atomicfile.Write(path+origSuffix, b, 0o600)
}
