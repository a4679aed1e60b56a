package engine

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
)

// RemoteModules configure `import ... from 'https://...'`: as k6 does,
// the engine fetches the module over HTTP(S) when the script is loaded;
// every fetched module is also written to CacheDir, and with Offline the
// engine reads only that cache.
type RemoteModules struct {
	// CacheDir holds fetched modules, one file per URL; "" keeps none
	// (and Offline then cannot load any).
	CacheDir string
	// Offline loads remote modules only from CacheDir.
	Offline bool
	// CAFile is a PEM file of a CA to trust besides the system's (a
	// private registry, a test server).
	CAFile string
}

// remoteFetchTimeout bounds one module download.
const remoteFetchTimeout = 30 * time.Second

// maxRemoteModule bounds one module's size.
const maxRemoteModule = 32 << 20

// remote fetches and caches remote modules.
type remote struct {
	opts   RemoteModules
	client *http.Client
}

// newRemote checks the options: a CA file that cannot be read or holds
// no certificate is invalid config.
func newRemote(o RemoteModules) (*remote, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, configError("remote modules CA file: %v", err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, configError("remote modules CA file %s: no PEM certificate in it", o.CAFile)
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return &remote{opts: o, client: &http.Client{Transport: tr, Timeout: remoteFetchTimeout}}, nil
}

// isRemote reports whether spec is an http(s) URL.
func isRemote(spec string) bool {
	return strings.HasPrefix(spec, "https://") || strings.HasPrefix(spec, "http://")
}

// resolveRemote returns the URL of spec imported from the remote module
// at base ("./b.js" from https://h/lib/a.js is https://h/lib/b.js).
func resolveRemote(base, spec string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(spec)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(r).String(), nil
}

// cachePath is the cache file of a module URL.
func (r *remote) cachePath(u string) string {
	sum := sha256.Sum256([]byte(u))
	return filepath.Join(r.opts.CacheDir, hex.EncodeToString(sum[:16])+".js")
}

// source returns a remote module's source: from the network (and then
// into the cache), or only from the cache when offline.
func (r *remote) source(u string) ([]byte, error) {
	if r.opts.Offline {
		if r.opts.CacheDir == "" {
			return nil, fmt.Errorf("import %q: offline, and there is no module cache to read it from: give --module-cache DIR", u)
		}
		b, err := os.ReadFile(r.cachePath(u))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("import %q: offline, and the module is not in the cache %s: run once without --offline to fetch it", u, r.opts.CacheDir)
		}
		if err != nil {
			return nil, fmt.Errorf("import %q: read the module cache: %w", u, err)
		}
		return b, nil
	}
	b, err := r.fetch(u)
	if err != nil {
		hint := "check the URL and the network"
		if r.opts.CacheDir != "" {
			if st, serr := os.Stat(r.cachePath(u)); serr == nil {
				hint = fmt.Sprintf("the module cache holds a copy fetched %s: run with --offline to use it", st.ModTime().UTC().Format(time.RFC3339))
			}
		}
		return nil, fmt.Errorf("import %q: %w; %s", u, err, hint)
	}
	if r.opts.CacheDir != "" {
		if err := os.MkdirAll(r.opts.CacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("import %q: module cache: %w", u, err)
		}
		if err := atomicfile.Write(r.cachePath(u), b, 0o644); err != nil {
			return nil, fmt.Errorf("import %q: module cache: %w", u, err)
		}
	}
	return b, nil
}

// fetch downloads one module.
func (r *remote) fetch(u string) ([]byte, error) {
	resp, err := r.client.Get(u)
	if err != nil {
		return nil, fmt.Errorf("cannot fetch the module: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching the module returned HTTP %s", resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRemoteModule+1))
	if err != nil {
		return nil, fmt.Errorf("reading the module: %w", err)
	}
	if len(b) > maxRemoteModule {
		return nil, fmt.Errorf("the module is larger than %d MiB", maxRemoteModule>>20)
	}
	return b, nil
}
