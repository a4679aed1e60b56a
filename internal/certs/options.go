package certs

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Options of one certificate. The zero value is a server certificate for
// localhost, 127.0.0.1 and ::1, valid from an hour ago for a year.
type Options struct {
	// Hosts are the subject alternative names: DNS names, and IP
	// addresses written as such. Default localhost, 127.0.0.1 and ::1.
	Hosts []string
	// CommonName defaults to the first host.
	CommonName string
	// NotBefore and NotAfter bound validity; NotAfter in the past makes an
	// expired certificate. Defaults: an hour ago, and a year from now.
	NotBefore, NotAfter time.Time
	// Serial is the serial number; 0 picks a random one.
	Serial int64
	// Client makes a client-authentication certificate (mutual TLS)
	// instead of a server one.
	Client bool
}

// Expired is a certificate whose hour of validity ended ago before now.
func Expired(ago time.Duration) Options {
	end := time.Now().Add(-ago)
	return Options{NotBefore: end.Add(-time.Hour), NotAfter: end}
}

// Expiring is a certificate valid from an hour ago until in from now.
func Expiring(in time.Duration) Options {
	return Options{NotAfter: time.Now().Add(in)}
}

// template fills the defaults and checks o.
func (o Options) template(now time.Time) (*x509.Certificate, error) {
	hosts := o.Hosts
	if len(hosts) == 0 {
		hosts = []string{"localhost", "127.0.0.1", "::1"}
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = now.Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = now.AddDate(1, 0, 0)
	}
	if !o.NotAfter.After(o.NotBefore) {
		return nil, errors.New("certificate NotAfter must be after NotBefore")
	}
	if o.Serial < 0 {
		return nil, fmt.Errorf("certificate serial %d: must be positive (or 0 for a random one)", o.Serial)
	}
	serial := randomSerial()
	if o.Serial > 0 {
		serial = big.NewInt(o.Serial)
	}
	cn := o.CommonName
	if cn == "" {
		cn = hosts[0]
	}
	usage := x509.ExtKeyUsageServerAuth
	if o.Client {
		usage = x509.ExtKeyUsageClientAuth
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"mcpchaos"}},
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	return tmpl, nil
}
