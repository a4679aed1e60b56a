// Package k6timers is the `k6/timers` module: setTimeout, clearTimeout,
// setInterval and clearInterval, the same functions the engine installs
// as globals on every VU's runtime. The timers run on the VU's event loop
// (the engine owns it), so an iteration waits for its pending timers and
// an exception thrown in a timer callback fails the iteration as a
// synchronous one does.
package k6timers
