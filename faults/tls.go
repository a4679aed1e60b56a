package faults

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"slices"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/certs"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// defaultExpiresIn is how long an "expiring" certificate stays valid.
const defaultExpiresIn = 24 * time.Hour

// tlsDriver swaps a component's certificate through the supervisor for
// one the stack's test CA signs with a single property changed; a fresh
// handshake proves which certificate is served.
type tlsDriver struct{ in *Injector }

func (d *tlsDriver) plan(ctx context.Context, _ string, spec Spec, name string, t config.Target) (*plan, error) {
	s, ok := spec.(TLSExpiry)
	if !ok {
		return nil, refuse(spec, name, t, "tls_expiry")
	}
	if _, err := d.in.component(ctx, name, t); err != nil {
		return nil, err
	}
	addr, err := d.in.tlsAddress(name, t)
	if err != nil {
		return nil, err
	}
	orig, err := servedCert(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("target %q: read the certificate served at %s: %w", name, addr, err)
	}
	pair, err := badCert(s, t, orig)
	if err != nil {
		return nil, fmt.Errorf("tls_expiry fault on target %q: %w", name, err)
	}
	serial, err := serialOf(pair.CertPEM)
	if err != nil {
		return nil, err
	}
	return &plan{
		keeper:    d.in.super,
		lease:     control.Action{Op: control.OpSwapCert, Component: t.Component, CertPEM: string(pair.CertPEM), KeyPEM: string(pair.KeyPEM)},
		effective: serves(addr, serial, s.mode()),
		reverted:  serves(addr, orig.SerialNumber, "original"),
	}, nil
}

// serves is a proof that addr's handshake shows the certificate with
// serial want (what names it in the error).
func serves(addr string, want *big.Int, what string) func(context.Context) error {
	return func(ctx context.Context) error {
		c, err := servedCert(ctx, addr)
		if err == nil && c.SerialNumber.Cmp(want) != 0 {
			err = fmt.Errorf("%s serves serial %x, not the %s certificate's %x", addr, c.SerialNumber, what, want)
		}
		return err
	}
}

// tlsAddress is the host:port whose handshake shows the served
// certificate: the target's address, or mcp.url's.
func (in *Injector) tlsAddress(name string, t config.Target) (string, error) {
	addr := t.Address
	if addr == "" {
		u, err := url.Parse(in.cfg.MCP.URL)
		if err != nil || u.Scheme != "https" {
			return "", fmt.Errorf("target %q: set its address (host:port of the TLS endpoint), or an https mcp.url: %w", name, ErrRefused)
		}
		addr = u.Host
		if u.Port() == "" {
			addr = net.JoinHostPort(u.Hostname(), "443")
		}
	}
	return addr, in.checkAddress("faults.targets."+name+".address", addr)
}

// servedCert makes a fresh handshake (no session resumption) and
// returns the leaf certificate, whatever its validity.
func servedCert(ctx context.Context, addr string) (*x509.Certificate, error) {
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, ClientSessionCache: nil}} //nolint:gosec // reading, not trusting
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	cs := conn.(*tls.Conn).ConnectionState()
	if len(cs.PeerCertificates) == 0 {
		return nil, errors.New("no certificate served")
	}
	return cs.PeerCertificates[0], nil
}

// badCert issues the replacement: the original's names and the test CA,
// except for the one property the mode changes.
func badCert(s TLSExpiry, t config.Target, orig *x509.Certificate) (certs.Pair, error) {
	if t.CAFile == "" || t.CAKeyFile == "" {
		return certs.Pair{}, fmt.Errorf("the target needs ca_file and ca_key_file (the test CA that signs the replacement): %w", ErrRefused)
	}
	ca, err := certs.LoadCA(t.CAFile, t.CAKeyFile)
	if err != nil {
		return certs.Pair{}, err
	}
	var o certs.Options
	switch s.mode() {
	case TLSExpired:
		o = certs.Expired(24 * time.Hour)
	case TLSExpiring:
		o = certs.Expiring(cmp.Or(s.ExpiresIn.D(), defaultExpiresIn))
	}
	o.Hosts = hostsOf(orig)
	switch s.mode() {
	case TLSWrongHost:
		o.Hosts = []string{"wrong-host.invalid"}
	case TLSUntrusted:
		return certs.Untrusted(o)
	}
	return ca.Issue(o)
}

// hostsOf are a certificate's subject alternative names.
func hostsOf(c *x509.Certificate) []string {
	hosts := slices.Clone(c.DNSNames)
	for _, ip := range c.IPAddresses {
		hosts = append(hosts, ip.String())
	}
	return hosts
}

func serialOf(certPEM []byte) (*big.Int, error) {
	b, _ := pem.Decode(bytes.TrimSpace(certPEM))
	if b == nil {
		return nil, errors.New("issued certificate is not PEM")
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, err
	}
	return c.SerialNumber, nil
}
