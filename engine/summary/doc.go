// Package summary turns a finished run into what people and CI read: the
// group and check tree the k6 module records into, the data object handed
// to handleSummary (k6's shape), the end-of-test text summary, the
// --summary-export JSON and the JUnit report; and the mergeable summary
// part an instance of a segmented test writes (part.go) and Merge, which
// rebuilds the whole test from its parts for the same Build, thresholds
// and renderers (merge.go).
package summary
