// Package poll waits for a condition by checking it again and again: a
// server's readiness, a gauge's value, a span arriving at a backend.
//
// Until checks at once and then every interval until the check reports
// done or ctx ends; Within does the same with a timeout of its own. A
// check that is not done yet may say what it saw instead as an error; a
// wait that gives up returns an error naming what was awaited, how long
// it waited and that last observation, so a failed test says more than
// "timed out". Tests call these and t.Fatal on the error; nothing here
// takes a *testing.T.
package poll
