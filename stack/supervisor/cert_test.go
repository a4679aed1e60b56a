package supervisor

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

func TestSwapCertLeaseIsRevertedAtShutdown(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := ca.Issue(certs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	expired, err := ca.Issue(certs.Expired(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := &TLSFiles{CertFile: filepath.Join(dir, "server.pem"), KeyFile: filepath.Join(dir, "server-key.pem")}
	if err := orig.WriteFiles(files.CertFile, files.KeyFile); err != nil {
		t.Fatal(err)
	}
	spec := childSpec(t, "server", "serve")
	spec.TLS = files
	_, c, stop := serveSupervisor(t, testManifest(t, spec))
	ctx := context.Background()

	bad := control.Action{Op: control.OpSwapCert, Component: "server", CertPEM: string(expired.CertPEM), KeyPEM: string(orig.KeyPEM)}
	if _, err := c.Do(ctx, bad); err == nil {
		t.Fatal("a certificate with a foreign key was accepted")
	}
	_, err = c.Lease(ctx, control.LeaseRequest{
		Action: control.Action{Op: control.OpSwapCert, Component: "server", CertPEM: string(expired.CertPEM), KeyPEM: string(expired.KeyPEM)},
		TTL:    control.Duration(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(files.CertFile); !bytes.Equal(got, expired.CertPEM) {
		t.Fatal("certificate not swapped")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(files.CertFile); !bytes.Equal(got, orig.CertPEM) {
		t.Fatal("certificate not restored at shutdown")
	}
	if got, _ := os.ReadFile(files.KeyFile); !bytes.Equal(got, orig.KeyPEM) {
		t.Fatal("key not restored at shutdown")
	}
}
