package supervisor

import (
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
	if err := writeAtomic(spec.TLS.KeyFile, key, 0o600); err != nil {
		return err
	}
	return writeAtomic(spec.TLS.CertFile, cert, 0o644)
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
		if err := writeAtomic(f.path, orig, f.mode); err != nil {
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
	return writeAtomic(path+origSuffix, b, 0o600)
}

// writeAtomic replaces path with data through a rename in the same
// directory, so a reader sees the old or the new file, never half of one.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(name, mode)); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
