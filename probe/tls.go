package probe

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// tlsBase is a module's loaded TLS material, shared by its probes.
type tlsBase struct {
	roots      *x509.CertPool // nil: system roots
	clientCert []tls.Certificate
	serverName string
	skipVerify bool
	minVersion uint16
}

// loadTLS reads the module's CA and client certificate files.
func loadTLS(name string, t TLSConfig, p *problems) tlsBase {
	base := tlsBase{serverName: t.ServerName, skipVerify: t.InsecureSkipVerify, minVersion: tls.VersionTLS12}
	if t.MinVersion == "TLS13" {
		base.minVersion = tls.VersionTLS13
	}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		switch {
		case err != nil:
			p.add(name, "tls.ca_file", "cannot be read: %v; point it at a PEM bundle", err)
		default:
			base.roots = x509.NewCertPool()
			if !base.roots.AppendCertsFromPEM(pem) {
				p.add(name, "tls.ca_file", "%s holds no PEM certificate; point it at a PEM bundle", t.CAFile)
			}
		}
	}
	if t.CertFile != "" && t.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			p.add(name, "tls.cert_file", "cannot load the client key pair: %v", err)
		} else {
			base.clientCert = []tls.Certificate{cert}
		}
	}
	return base
}

// peerCerts records the certificates the server presented, even when
// verifying them fails, so that an expired certificate still yields
// probe_ssl_earliest_cert_expiry.
type peerCerts struct {
	mu       sync.Mutex
	earliest time.Time
}

func (c *peerCerts) record(certs []*x509.Certificate) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cert := range certs {
		if c.earliest.IsZero() || cert.NotAfter.Before(c.earliest) {
			c.earliest = cert.NotAfter
		}
	}
}

func (c *peerCerts) earliestExpiry() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.earliest
}

// clientConfig builds the tls.Config of one probe. Verification is done in
// VerifyConnection rather than by crypto/tls so the peer certificates are
// seen first; the checks are the same as crypto/tls's own (chain to the
// roots, host name, validity period, server-auth usage).
func (b tlsBase) clientConfig(host string, now func() time.Time, seen *peerCerts) *tls.Config {
	serverName := b.serverName
	if serverName == "" {
		serverName = host
	}
	return &tls.Config{
		ServerName:         serverName,
		Certificates:       b.clientCert,
		MinVersion:         b.minVersion,
		InsecureSkipVerify: true, //nolint:gosec // verified in VerifyConnection below
		VerifyConnection: func(cs tls.ConnectionState) error {
			seen.record(cs.PeerCertificates)
			if b.skipVerify {
				return nil
			}
			return verifyChain(cs.PeerCertificates, serverName, b.roots, now())
		},
	}
}

func verifyChain(certs []*x509.Certificate, serverName string, roots *x509.CertPool, now time.Time) error {
	if len(certs) == 0 {
		return errors.New("server presented no certificate")
	}
	opts := x509.VerifyOptions{
		Roots:         roots,
		DNSName:       serverName,
		CurrentTime:   now,
		Intermediates: x509.NewCertPool(),
	}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	if _, err := certs[0].Verify(opts); err != nil {
		return fmt.Errorf("verify server certificate: %w", err)
	}
	return nil
}
