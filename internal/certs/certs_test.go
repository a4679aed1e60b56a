package certs

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"testing"
	"time"
)

func TestIssueVerifiesAgainstCA(t *testing.T) {
	t.Parallel()
	ca, err := NewCA("test CA", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		opts     Options
		wantOK   bool
		checkNow time.Time
	}{
		{"valid for loopback", Options{}, true, time.Now()},
		{"expired", Options{NotBefore: time.Now().Add(-2 * time.Hour), NotAfter: time.Now().Add(-time.Hour)}, false, time.Now()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ca.Issue(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tls.X509KeyPair(p.CertPEM, p.KeyPEM); err != nil {
				t.Fatal(err)
			}
			b, _ := pem.Decode(p.CertPEM)
			cert, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(ca.CertPEM)
			_, err = cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: "127.0.0.1", CurrentTime: tc.checkNow})
			if (err == nil) != tc.wantOK {
				t.Fatalf("verify: %v, want ok=%v", err, tc.wantOK)
			}
		})
	}
}

func TestLoadCA(t *testing.T) {
	t.Parallel()
	ca, err := NewCA("test CA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cf, kf := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	if err := ca.WriteFiles(cf, kf); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCA(cf, kf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaded.Issue(Options{DNSNames: []string{"localhost"}}); err != nil {
		t.Fatal(err)
	}
}
