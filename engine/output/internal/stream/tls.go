package stream

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// TLS are the TLS settings of an output's client, named by the
// environment variables that set them (for messages).
type TLS struct {
	InsecureSkipVerify bool
	// CAFile: PEM roots to trust instead of the system's.
	CAFile, CAVar string
	// CertFile and KeyFile: a PEM client certificate and key; both or none.
	CertFile, CertVar string
	KeyFile, KeyVar   string
	MinVersion        uint16
}

// Config builds the tls.Config; an unreadable or half-given file is an
// error naming its variable.
func (t TLS) Config() (*tls.Config, error) {
	c := &tls.Config{InsecureSkipVerify: t.InsecureSkipVerify, MinVersion: t.MinVersion} //nolint:gosec // the user's choice
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.CAVar, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s=%s: no PEM certificate in the file", t.CAVar, t.CAFile)
		}
		c.RootCAs = pool
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		return nil, fmt.Errorf("%s and %s go together: set both or neither", t.CertVar, t.KeyVar)
	}
	if t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("%s, %s: %w", t.CertVar, t.KeyVar, err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}
