// Package atomicfile replaces a file's contents so that a concurrent
// reader sees the old file or the new one, never half of one: it writes a
// temporary file in the same directory and renames it over the target.
// The TLS certificate swaps rely on it, since the served process re-reads
// its certificate on every handshake.
package atomicfile
