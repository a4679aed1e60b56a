package stack

import (
	"fmt"
	"net"
	"slices"
	"strconv"
)

// portNames are every port the stack listens on, as component.port.
var portNames = []string{
	"supervisor.http",
	"prometheus.web",
	"alertmanager.web",
	"victoria-logs.http",
	"jaeger.otlp-grpc",
	"jaeger.otlp-http",
	"jaeger.query",
	"jaeger.query-grpc",
	"jaeger.metrics",
	"otelcol.otlp-http",
	"otelcol.metrics",
	"toxiproxy.api",
	"toxiproxy.downstream",
	"downstream.http",
	"mcp-server.mcp",
	"mcp-server.metrics",
	"probe.http",
	"vmalert.http",
	"toxiproxy.mcp-server-metrics",
}

// PortNames lists the names Options.Ports takes.
func PortNames() []string { return slices.Clone(portNames) }

func knownPort(name string) bool { return slices.Contains(portNames, name) }

// allocatePorts returns a port for every name: fixed ones as given, the
// rest free on 127.0.0.1. All listeners stay open until every port is
// chosen, so no two names get the same port.
func allocatePorts(fixed map[string]int) (map[string]int, error) {
	out := map[string]int{}
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	used := map[int]string{}
	for _, name := range portNames {
		if p := fixed[name]; p > 0 {
			if other, dup := used[p]; dup {
				return nil, fmt.Errorf("port %d is given to both %s and %s", p, other, name)
			}
			out[name], used[p] = p, name
		}
	}
	for _, name := range portNames {
		if out[name] != 0 {
			continue
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port for %s: %w", name, err)
		}
		held = append(held, l)
		p := l.Addr().(*net.TCPAddr).Port
		if _, dup := used[p]; dup {
			continue
		}
		out[name], used[p] = p, name
	}
	return out, nil
}

// checkFree reports fixed ports something else already listens on.
func checkFree(ports map[string]int, fixed map[string]int) error {
	for name := range fixed {
		addr := "127.0.0.1:" + strconv.Itoa(ports[name])
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("port %s (%s) is taken: %w; choose another or stop what listens there", addr, name, err)
		}
		l.Close()
	}
	return nil
}
