// Package h1 is a synchronous HTTP/1.1 client transport for load
// generation. net/http's Transport gives every connection a reader and a
// writer goroutine and hands each request between them over channels;
// a load-test session sends one request at a time, so here the caller's
// goroutine writes the request and reads the answer itself (with
// net/http's own Request.Write and ReadResponse), and an idle connection
// is checked with a non-blocking peek before it is reused. It speaks
// HTTP/1.1 only, over TCP or TLS, without proxies.
package h1
