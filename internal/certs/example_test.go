package certs_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
)

// Example issues the certificates of the TLS faults and verifies each as
// a client trusting the CA would.
func Example() {
	ca, err := certs.NewCA("example CA", 24*time.Hour)
	if err != nil {
		panic(err)
	}
	for _, c := range []struct {
		name  string
		issue func() (certs.Pair, error)
	}{
		{"valid", func() (certs.Pair, error) { return ca.Issue(certs.Options{}) }},
		{"expired", func() (certs.Pair, error) { return ca.Issue(certs.Expired(time.Hour)) }},
		{"expiring", func() (certs.Pair, error) { return ca.Issue(certs.Expiring(10 * time.Minute)) }},
		{"wrong host", func() (certs.Pair, error) { return ca.Issue(certs.Options{Hosts: []string{"elsewhere.invalid"}}) }},
		{"untrusted", func() (certs.Pair, error) { return certs.Untrusted(certs.Options{}) }},
	} {
		pair, err := c.issue()
		if err != nil {
			panic(err)
		}
		cert, err := pair.TLSCertificate()
		if err != nil {
			panic(err)
		}
		_, err = cert.Leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "localhost"})
		var invalid x509.CertificateInvalidError
		switch {
		case err == nil:
			fmt.Printf("%s: verifies, expires within the hour: %v\n", c.name, time.Until(cert.Leaf.NotAfter) < time.Hour)
		case errors.As(err, &invalid):
			fmt.Printf("%s: %s\n", c.name, map[x509.InvalidReason]string{x509.Expired: "expired"}[invalid.Reason])
		default:
			fmt.Printf("%s: %T\n", c.name, err)
		}
	}
	// Output:
	// valid: verifies, expires within the hour: false
	// expired: expired
	// expiring: verifies, expires within the hour: true
	// wrong host: x509.HostnameError
	// untrusted: x509.UnknownAuthorityError
}
