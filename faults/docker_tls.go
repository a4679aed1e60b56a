package faults

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/docker"
)

// tlsPlan swaps the certificate and key files inside the container for a
// bad pair the test CA signs (the tls driver's), by the archive API. The
// revert puts the originals back with one PUT of a tar kept in the lease:
// a lease's request body is text, and a tar of PEM files is text (it is
// checked), so no binary encoding is needed. The server must read its
// certificate again per handshake or on the files' change, as the
// handshake proves which one is served.
func (d *dockerDriver) tlsPlan(ctx context.Context, p *plan, x *dockerContainer, s TLSExpiry, name string, t config.Target) (dockerRequest, error) {
	if !path.IsAbs(t.CertFile) || !path.IsAbs(t.KeyFile) {
		return dockerRequest{}, fmt.Errorf("target %q: docker tls_expiry needs cert_file and key_file, the absolute paths of the certificate and key inside container %s: %w", name, x.name, ErrRefused)
	}
	addr, err := d.in.tlsAddress(name, t)
	if err != nil {
		return dockerRequest{}, err
	}
	orig, err := servedCert(ctx, addr)
	if err != nil {
		return dockerRequest{}, fmt.Errorf("target %q: read the certificate served at %s: %w", name, addr, err)
	}
	certF, err := x.c.ReadFile(ctx, x.id, t.CertFile)
	if err != nil {
		return dockerRequest{}, fmt.Errorf("target %q: %w", name, err)
	}
	keyF, err := x.c.ReadFile(ctx, x.id, t.KeyFile)
	if err != nil {
		return dockerRequest{}, fmt.Errorf("target %q: %w", name, err)
	}
	if inFile, err := serialOf(certF.Data); err != nil || inFile.Cmp(orig.SerialNumber) != 0 {
		return dockerRequest{}, fmt.Errorf("target %q: %s in container %s is not the certificate %s serves (serial %x): check cert_file and address: %w", name, t.CertFile, x.name, addr, orig.SerialNumber, ErrRefused)
	}
	pair, err := badCert(s, t, orig)
	if err != nil {
		return dockerRequest{}, fmt.Errorf("tls_expiry fault on target %q: %w", name, err)
	}
	serial, err := serialOf(pair.CertPEM)
	if err != nil {
		return dockerRequest{}, err
	}
	now := time.Now()
	// The key goes first: a server reloading on the cert's change then
	// finds a matching key.
	bad, err := tarFiles(
		tarEntry{t.KeyFile, keyF.Header, pair.KeyPEM, now},
		tarEntry{t.CertFile, certF.Header, pair.CertPEM, now})
	if err != nil {
		return dockerRequest{}, err
	}
	back, err := tarFiles(
		tarEntry{t.KeyFile, keyF.Header, keyF.Data, keyF.Header.ModTime},
		tarEntry{t.CertFile, certF.Header, certF.Data, certF.Header.ModTime})
	if err != nil {
		return dockerRequest{}, err
	}
	if !utf8.Valid(back) {
		return dockerRequest{}, fmt.Errorf("target %q: %s or %s in container %s is not text (a DER file?): the revert carries them as text, so give PEM files: %w", name, t.CertFile, t.KeyFile, x.name, ErrRefused)
	}
	putPath, q := docker.PutArchivePath(x.id)
	p.apply = func(ctx context.Context) error {
		if err := x.c.PutArchive(ctx, x.id, bad); err != nil {
			return fmt.Errorf("copy the %s certificate into container %s: %w", s.mode(), x.name, err)
		}
		return nil
	}
	p.effective = serves(addr, serial, s.mode())
	p.reverted = serves(addr, orig.SerialNumber, "original")
	return dockerRequest{method: http.MethodPut, path: putPath, q: q, body: string(back), tar: true}, nil
}

// tarEntry is one file to put in a container: at path, with the owner
// and mode of like (the file it replaces).
type tarEntry struct {
	path    string
	like    *tar.Header
	data    []byte
	modTime time.Time
}

// tarFiles is a tar to extract at the container's root.
func tarFiles(files ...tarEntry) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		h := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     strings.TrimPrefix(path.Clean(f.path), "/"),
			Mode:     f.like.Mode & 0o7777,
			Uid:      f.like.Uid,
			Gid:      f.like.Gid,
			Size:     int64(len(f.data)),
			ModTime:  f.modTime.Truncate(time.Second),
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("tar %s: %w", f.path, err)
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, fmt.Errorf("tar %s: %w", f.path, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
