// Package k6encoding is the `k6/encoding` module: b64encode(input,
// encoding) and b64decode(input, encoding, format) with k6's base64
// variants "std" (the default), "rawstd", "url" and "rawurl". Input is a
// string (encoded as UTF-8) or an ArrayBuffer / typed array; b64decode
// returns an ArrayBuffer, or a string with format "s".
package k6encoding
