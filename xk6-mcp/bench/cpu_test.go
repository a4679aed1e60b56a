package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// sample is one client's measurement: calls per second over the measured
// window and the CPU the client's and the server's processes spent in it.
type sample struct {
	rate              float64
	clientCPU, server time.Duration
}

// perCall returns the client's and server's CPU microseconds per call.
func (s sample) perCall(d time.Duration) (client, server float64) {
	calls := s.rate * d.Seconds()
	if calls == 0 {
		return 0, 0
	}
	return float64(s.clientCPU.Microseconds()) / calls, float64(s.server.Microseconds()) / calls
}

// cpuUse is the CPU two processes spent in a window.
type cpuUse struct{ client, server time.Duration }

// watchCPU measures the CPU time the client and server processes spend
// from warm to warm+d from now; the result arrives on the channel (zero
// if a process could not be read, e.g. it had exited).
func watchCPU(client, server int, warm, d time.Duration) <-chan cpuUse {
	ch := make(chan cpuUse, 1)
	go func() {
		time.Sleep(warm)
		c0, err1 := cpuTime(client)
		s0, err2 := cpuTime(server)
		time.Sleep(d)
		c1, err3 := cpuTime(client)
		s1, err4 := cpuTime(server)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			ch <- cpuUse{}
			return
		}
		ch <- cpuUse{client: c1 - c0, server: s1 - s0}
	}()
	return ch
}

// cpuTime is a process's user plus system CPU time so far, read from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s, the
// value Linux's user ABI fixes).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	// The command name (field 2) is in parentheses and may hold spaces.
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields after the name", pid, len(fields))
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, fields[11], fields[12])
	}
	return time.Duration(utime+stime) * (time.Second / 100), nil
}
