// Package everything installs and runs @modelcontextprotocol/server-everything,
// the MCP reference test server, for the k6/x/mcp tests: a real server
// written with another SDK (TypeScript) to talk to over loopback. The test
// command installs it with npm into the repository's .cache/npm, once per
// cache; without npm on PATH, Install returns ErrNoNPM so tests can skip
// with a clear message.
package everything
