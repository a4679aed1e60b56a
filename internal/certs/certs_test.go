package certs_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
)

func parse(t *testing.T, p certs.Pair) *x509.Certificate {
	t.Helper()
	cert, err := p.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	return cert.Leaf
}

func TestIssueVerifiesAgainstCA(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test CA", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tests := []struct {
		name    string
		issue   func() (certs.Pair, error)
		host    string
		at      time.Time
		usage   x509.ExtKeyUsage
		wantErr any // nil: verifies; else a pointer for errors.As
	}{
		{"valid for 127.0.0.1", func() (certs.Pair, error) { return ca.Issue(certs.Options{}) }, "127.0.0.1", now, x509.ExtKeyUsageServerAuth, nil},
		{"valid for ::1", func() (certs.Pair, error) { return ca.Issue(certs.Options{}) }, "::1", now, x509.ExtKeyUsageServerAuth, nil},
		{"valid for localhost", func() (certs.Pair, error) { return ca.Issue(certs.Options{}) }, "localhost", now, x509.ExtKeyUsageServerAuth, nil},
		{"expired", func() (certs.Pair, error) { return ca.Issue(certs.Expired(time.Hour)) }, "localhost", now, x509.ExtKeyUsageServerAuth, new(x509.CertificateInvalidError)},
		{"expiring is valid now", func() (certs.Pair, error) { return ca.Issue(certs.Expiring(time.Minute)) }, "localhost", now, x509.ExtKeyUsageServerAuth, nil},
		{"expiring is expired after", func() (certs.Pair, error) { return ca.Issue(certs.Expiring(time.Minute)) }, "localhost", now.Add(2 * time.Minute), x509.ExtKeyUsageServerAuth, new(x509.CertificateInvalidError)},
		{"wrong host", func() (certs.Pair, error) { return ca.Issue(certs.Options{Hosts: []string{"elsewhere.invalid"}}) }, "localhost", now, x509.ExtKeyUsageServerAuth, new(x509.HostnameError)},
		{"given hosts", func() (certs.Pair, error) { return ca.Issue(certs.Options{Hosts: []string{"mcp.test", "10.1.2.3"}}) }, "10.1.2.3", now, x509.ExtKeyUsageServerAuth, nil},
		{"untrusted", func() (certs.Pair, error) { return certs.Untrusted(certs.Options{}) }, "localhost", now, x509.ExtKeyUsageServerAuth, new(x509.UnknownAuthorityError)},
		{"client certificate", func() (certs.Pair, error) { return ca.Issue(certs.Options{Client: true, CommonName: "k6"}) }, "", now, x509.ExtKeyUsageClientAuth, nil},
		{"a client certificate is no server's", func() (certs.Pair, error) { return ca.Issue(certs.Options{Client: true}) }, "", now, x509.ExtKeyUsageServerAuth, new(x509.CertificateInvalidError)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := tc.issue()
			if err != nil {
				t.Fatal(err)
			}
			_, err = parse(t, p).Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: tc.host, CurrentTime: tc.at, KeyUsages: []x509.ExtKeyUsage{tc.usage}})
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("verify: %v", err)
			case tc.wantErr != nil && (err == nil || !errors.As(err, tc.wantErr)):
				t.Fatalf("verify: %v, want a %T", err, tc.wantErr)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test CA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	notAfter := time.Now().Add(3 * time.Hour).Truncate(time.Second)
	p, err := ca.Issue(certs.Options{Serial: 42, Hosts: []string{"mcp.test", "127.0.0.1"}, NotAfter: notAfter})
	if err != nil {
		t.Fatal(err)
	}
	leaf := parse(t, p)
	if leaf.SerialNumber.Int64() != 42 || leaf.Subject.CommonName != "mcp.test" || !leaf.NotAfter.Equal(notAfter) ||
		len(leaf.DNSNames) != 1 || len(leaf.IPAddresses) != 1 || !leaf.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) {
		t.Fatalf("serial %v, CN %q, not after %v, DNS %v, IPs %v", leaf.SerialNumber, leaf.Subject.CommonName, leaf.NotAfter, leaf.DNSNames, leaf.IPAddresses)
	}
	a, _ := ca.Issue(certs.Options{})
	b, _ := ca.Issue(certs.Options{})
	if parse(t, a).SerialNumber.Cmp(parse(t, b).SerialNumber) == 0 {
		t.Error("two random serials are equal")
	}
	for name, o := range map[string]certs.Options{
		"NotAfter before NotBefore": {NotBefore: time.Now(), NotAfter: time.Now().Add(-time.Second)},
		"negative serial":           {Serial: -1},
	} {
		if _, err := ca.Issue(o); err == nil {
			t.Errorf("%s: issued", name)
		}
	}
}

func TestLoadCA(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test CA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cf, kf := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if err := ca.WriteFiles(cf, kf); err != nil {
		t.Fatal(err)
	}
	loaded, err := certs.LoadCA(cf, kf)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.NotAfter().Equal(ca.NotAfter()) {
		t.Errorf("loaded CA expires %v, want %v", loaded.NotAfter(), ca.NotAfter())
	}
	p, err := loaded.Issue(certs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parse(t, p).Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "localhost"}); err != nil {
		t.Fatalf("a certificate of the loaded CA does not verify against the original: %v", err)
	}
	if _, err := certs.LoadCA(filepath.Join(dir, "none.pem"), kf); err == nil {
		t.Error("loaded a missing CA")
	}
}

func TestIssueFilesReplacesByRename(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test CA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "tls")
	cf, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	first, _ := ca.Issue(certs.Options{Serial: 1})
	if err := first.WriteFiles(cf, kf); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(cf)
	if _, err := ca.IssueFiles(certs.Options{Serial: 2}, cf, kf); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(cf)
	if os.SameFile(before, after) {
		t.Error("certificate written in place, not by a rename")
	}
	if ki, err := os.Stat(kf); err != nil || ki.Mode().Perm() != 0o600 {
		t.Errorf("key file %v, %v; want mode 0600", ki, err)
	}
	got, err := tls.LoadX509KeyPair(cf, kf)
	if err != nil || got.Leaf.SerialNumber.Int64() != 2 {
		t.Fatalf("files hold %v, %v; want serial 2", got.Leaf, err)
	}
}

// TestMutualTLS does a handshake with ServerConfig and ClientConfig, with
// and without the client certificate the server requires.
func TestMutualTLS(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test CA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	server, err := ca.Issue(certs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	client, err := ca.Issue(certs.Options{Client: true, CommonName: "k6"})
	if err != nil {
		t.Fatal(err)
	}
	clientCert, err := client.TLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	serverConf, err := server.ServerConfig(ca)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		certs   []tls.Certificate
		wantErr string
	}{
		{"with the client certificate", []tls.Certificate{clientCert}, ""},
		{"without", nil, "didn't provide a certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ln, err := tls.Listen("tcp", "127.0.0.1:0", serverConf)
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			type result struct {
				peers []*x509.Certificate
				err   error
			}
			done := make(chan result, 1)
			go func() {
				c, err := ln.Accept()
				if err != nil {
					done <- result{err: err}
					return
				}
				defer c.Close()
				srv := c.(*tls.Conn)
				err = srv.Handshake()
				done <- result{srv.ConnectionState().PeerCertificates, err}
			}()
			conf := ca.ClientConfig()
			conf.Certificates = tc.certs
			cli, err := tls.Dial("tcp", ln.Addr().String(), conf)
			if err != nil && tc.wantErr == "" {
				t.Fatalf("client handshake: %v", err)
			}
			if cli != nil {
				defer cli.Close()
			}
			got := <-done
			if tc.wantErr == "" {
				if got.err != nil {
					t.Fatalf("server handshake: %v", got.err)
				}
				if len(got.peers) == 0 || got.peers[0].Subject.CommonName != "k6" {
					t.Fatalf("server saw client certificates %v", got.peers)
				}
				return
			}
			if got.err == nil || !strings.Contains(got.err.Error(), tc.wantErr) {
				t.Fatalf("server handshake: %v, want %q", got.err, tc.wantErr)
			}
		})
	}
}
