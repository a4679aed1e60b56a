package certs

// CertPEM is the CA's certificate in PEM, for a client that takes a CA
// file (e.g. mcpchaos run --module-ca).
func (ca *CA) CertPEM() []byte { return encodeCert(ca.cert.Raw) }
