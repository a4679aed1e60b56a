package h1

// HostPort exposes hostPort to the tests.
var HostPort = hostPort
