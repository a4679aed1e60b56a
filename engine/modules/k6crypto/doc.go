// Package k6crypto is the `k6/crypto` module: the hash functions (md4,
// md5, sha1, sha256, sha384, sha512, sha512_224, sha512_256, ripemd160),
// hmac(algorithm, secret, data, outputEncoding), the incremental
// createHash(algorithm) and createHMAC(algorithm, secret) hashers with
// update() and digest(), and randomBytes(size). Inputs are strings (their
// UTF-8 bytes) or ArrayBuffers; outputEncoding is "hex", "base64",
// "base64url", "base64rawurl" or "binary" (an ArrayBuffer), as k6 documents.
package k6crypto
