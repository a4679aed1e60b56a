package certs

import (
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
)

// Pair is a PEM certificate and its PEM private key.
type Pair struct {
	CertPEM []byte
	KeyPEM  []byte
}

// WriteFiles writes the pair, the key with mode 0600, creating the
// directories. Each file is replaced by a rename, the key first, so a
// server that reloads on the certificate's change finds a matching key
// and never half a file.
func (p Pair) WriteFiles(certFile, keyFile string) error {
	for _, f := range []string{certFile, keyFile} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			return err
		}
	}
	if err := atomicfile.Write(keyFile, p.KeyPEM, 0o600); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if err := atomicfile.Write(certFile, p.CertPEM, 0o644); err != nil {
		return fmt.Errorf("write certificate: %w", err)
	}
	return nil
}

// TLSCertificate is the pair for a tls.Config, its Leaf parsed.
func (p Pair) TLSCertificate() (tls.Certificate, error) {
	cert, err := tls.X509KeyPair(p.CertPEM, p.KeyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("certificate pair: %w", err)
	}
	return cert, nil
}

// ServerConfig is the server side of TLS presenting the pair. With clients
// set, it requires client certificates signed by that CA (mutual TLS).
func (p Pair) ServerConfig(clients *CA) (*tls.Config, error) {
	cert, err := p.TLSCertificate()
	if err != nil {
		return nil, err
	}
	conf := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if clients != nil {
		conf.ClientCAs, conf.ClientAuth = clients.Pool(), tls.RequireAndVerifyClientCert
	}
	return conf, nil
}
