// Package k8s holds the Kubernetes manifests of a segmented load test
// (kubectl apply -k deploy/k8s) and the test that decodes them into the
// k8s.io/api types: an Indexed Job whose completion indices are the
// execution segments of one test, a shared volume for the instances'
// summary parts, and the merge Job whose exit code is the verdict. The
// package has no code of its own; see README.md.
package k8s
