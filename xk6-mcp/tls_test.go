package mcp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// TestTLS: a CA (PEM or file), serverName, a client certificate and
// insecureSkipVerify each do what they say against an HTTPS server that
// requires client certificates.
func TestTLS(t *testing.T) {
	t.Parallel()
	ca, err := certs.NewCA("mcpchaos test CA", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	server, err := ca.Issue(certs.Options{Hosts: []string{"mcp.test", "127.0.0.1"}})
	if err != nil {
		t.Fatal(err)
	}
	client, err := ca.Issue(certs.Options{CommonName: "k6", Client: true})
	if err != nil {
		t.Fatal(err)
	}
	conf, err := server.ServerConfig(ca)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := testserver.Start(testserver.StreamableHTTP, testserver.Config{TLS: conf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	vu := running(t)
	set := func(name, v string) { _ = vu.RT.Set(name, v) }
	set("URL", srv.URL)
	set("CA", string(ca.CertPEM))
	set("CA_FILE", caFile)
	set("CERT", string(client.CertPEM))
	set("KEY", string(client.KeyPEM))
	runJS(t, vu, `
const ok = mcp.connect(URL, { tls: { ca: CA, cert: CERT, key: KEY, serverName: 'mcp.test' }, newSession: true });
if (ok.callTool({ name: 'echo', arguments: { text: 'tls' } }).content[0].text !== 'tls') throw new Error('echo over TLS');
const file = mcp.connect(URL, { tls: { ca: CA_FILE, cert: CERT, key: KEY }, newSession: true });
file.ping();
const insecure = mcp.connect(URL, { tls: { insecure_skip_verify: true, cert: CERT, key: KEY }, newSession: true });
insecure.ping();
`)
	for src, want := range map[string]string{
		`mcp.connect(URL, { tls: { cert: CERT, key: KEY }, newSession: true })`:                              "certificate",
		`mcp.connect(URL, { tls: { ca: CA }, newSession: true })`:                                            "certificate",
		`mcp.connect(URL, { tls: { ca: CA, cert: CERT, key: KEY, serverName: 'other' }, newSession: true })`: "other",
		`mcp.connect(URL, { tls: { ca: CA, cert: CERT }, newSession: true })`:                                "both a client certificate and its key",
	} {
		if _, err := vu.Run(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error mentioning %q", src, err, want)
		}
	}
}
