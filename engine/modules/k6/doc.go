// Package k6 is the `k6` module: check (with tags), group, sleep, fail and
// randomSeed.
//
// check and group record into the run's group tree (summary.Group), which
// the module reaches through the VU's RootGroup method; check also pushes a
// `checks` rate sample tagged check:<name> and group:<path>, and group a
// `group_duration` trend sample. sleep honours the VU's context, so a
// stopping VU wakes up at once.
package k6
