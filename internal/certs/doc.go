// Package certs is the module's one test PKI: a CA, and certificates it
// signs with any names, usage and validity window. The embedded stack
// keeps its CA on disk with it (LoadCA, WriteFiles); tests make a CA per
// test. Keys are ECDSA P-256; everything is PEM.
//
// The TLS faults' certificates are one call each, from the CA the server's
// clients trust:
//
//	ca.Issue(certs.Options{})                                     // valid for localhost, 127.0.0.1, ::1
//	ca.Issue(certs.Expired(time.Hour))                            // expired an hour ago
//	ca.Issue(certs.Expiring(10 * time.Minute))                    // expires in ten minutes
//	ca.Issue(certs.Options{Hosts: []string{"elsewhere.invalid"}}) // for another host
//	certs.Untrusted(certs.Options{})                              // signed by a CA nobody trusts
//
// CA.IssueFiles (or Pair.WriteFiles) replaces the files a server reloads,
// each by a rename. Pair.ServerConfig and CA.ClientConfig build the
// tls.Configs of both ends, with client certificates (Options.Client) for
// mutual TLS.
package certs
