package main

import (
	"crypto/tls"
	"fmt"
	"os"
	"sync"
	"time"
)

// reloadingCert serves the certificate in certFile/keyFile and loads it
// again when either file changes: the stack's TLS-expiry fault replaces
// both by atomic renames and puts the originals back afterwards (possibly
// with their old modification times), so any change of file identity,
// size or mtime counts, not only a newer mtime.
type reloadingCert struct {
	certFile, keyFile string

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   [2]os.FileInfo
	lastErr error
}

// unchanged reports whether a and b are the same version of a file.
func unchanged(a, b os.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// get is a tls.Config.GetCertificate: it stats both files on every
// handshake and reloads when either changed. A pair that does not load
// (the fault has renamed one file but not yet the other) keeps the
// certificate served so far and is tried again on the next handshake.
func (c *reloadingCert) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	stamp, err := c.stat()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && (c.cert == nil || !unchanged(stamp[0], c.stamp[0]) || !unchanged(stamp[1], c.stamp[1])) {
		var cert tls.Certificate
		if cert, err = tls.LoadX509KeyPair(c.certFile, c.keyFile); err == nil {
			c.cert, c.stamp = &cert, stamp
		}
	}
	if err != nil && c.cert == nil {
		return nil, fmt.Errorf("altserver: TLS certificate %s / key %s: %w", c.certFile, c.keyFile, err)
	}
	if err != nil && (c.lastErr == nil || c.lastErr.Error() != err.Error()) {
		fmt.Fprintf(os.Stderr, "%s altserver: keeping the last certificate: %v\n", time.Now().Format(time.RFC3339), err)
	}
	c.lastErr = err
	return c.cert, nil
}

// stat returns the current versions of the two files.
func (c *reloadingCert) stat() ([2]os.FileInfo, error) {
	var s [2]os.FileInfo
	for i, p := range []string{c.certFile, c.keyFile} {
		info, err := os.Stat(p)
		if err != nil {
			return s, err
		}
		s[i] = info
	}
	return s, nil
}
