package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReloadingCert: a pair swapped in by atomic renames is served from
// the next handshake on, also when the originals come back with their old
// mtimes; a half-swapped pair keeps the last good certificate.
func TestReloadingCert(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "server.pem"), filepath.Join(dir, "server-key.pem")
	orig := writePair(t, dir, "orig", time.Now().Add(time.Hour))
	bad := writePair(t, dir, "expired", time.Now().Add(-time.Hour))
	install := func(p pair) {
		t.Helper()
		for from, to := range map[string]string{p.cert: certFile, p.key: keyFile} {
			b, err := os.ReadFile(from)
			if err != nil {
				t.Fatal(err)
			}
			tmp := to + ".tmp"
			if err := os.WriteFile(tmp, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(tmp, p.mtime, p.mtime); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, to); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := &reloadingCert{certFile: certFile, keyFile: keyFile}
	serves := func(step string, want pair) {
		t.Helper()
		got, err := c.get(nil)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		leaf, err := x509.ParseCertificate(got.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		if leaf.Subject.CommonName != want.name {
			t.Fatalf("%s: serves %q, want %q", step, leaf.Subject.CommonName, want.name)
		}
	}

	install(orig)
	serves("start", orig)
	install(bad)
	serves("swapped", bad)
	install(orig) // the originals back, with their old mtime
	serves("reverted", orig)

	// Only the certificate replaced: the pair does not match, the last
	// good one stays.
	b, _ := os.ReadFile(bad.cert)
	if err := os.WriteFile(certFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	serves("half swapped", orig)
}

// pair is a written certificate and key, CN name, with the mtime to
// install them with.
type pair struct {
	name, cert, key string
	mtime           time.Time
}

func writePair(t *testing.T, dir, name string, notAfter time.Time) pair {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, NotBefore: notAfter.Add(-2 * time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p := pair{name: name, cert: filepath.Join(dir, name+".pem"), key: filepath.Join(dir, name+"-key.pem"), mtime: time.Now().Add(-time.Duration(len(name)) * time.Minute)}
	if err := os.WriteFile(p.cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
