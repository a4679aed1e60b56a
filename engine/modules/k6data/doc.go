// Package k6data is the `k6/data` module: SharedArray, an array built
// once per run and shared read-only by every VU.
//
// `new SharedArray(name, fn)` may only be called in init code. The first
// VU to construct a name runs fn; its result (an array) is serialized,
// element by element, to JSON and kept once, in Go, by the Module (which
// lives for one run). Every VU, the first included, gets an array-like
// read-only view (a sobek dynamic array with Array.prototype) whose
// elements are decoded from that JSON when read and deep-frozen, so 200
// VUs of a 10 MB array hold one copy of its data, not 200. Later VUs do
// not run fn at all. As in k6, elements are copies: changing one read
// from the array changes nothing, and assigning to the array throws in
// strict mode (ES modules are strict).
package k6data
