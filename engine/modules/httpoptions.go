package modules

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
)

// k6's defaults for the limits of one http.batch() call.
const (
	DefaultBatch        = 20
	DefaultBatchPerHost = 6
)

// BatchLimits are the batch and batchPerHost options with k6's defaults
// filled in; 0 means no limit.
func (o HTTPOptions) BatchLimits() (total, perHost int) {
	total, perHost = DefaultBatch, DefaultBatchPerHost
	if o.Batch != nil {
		total = int(*o.Batch)
	}
	if o.BatchPerHost != nil {
		perHost = int(*o.BatchPerHost)
	}
	return total, perHost
}

// Validate reports every invalid HTTP option at once.
func (o HTTPOptions) Validate() []error {
	var errs []error
	if o.MaxRedirects != nil && *o.MaxRedirects < 0 {
		errs = append(errs, fmt.Errorf("options.maxRedirects %d must not be negative (0 follows none)", *o.MaxRedirects))
	}
	if o.Batch != nil && *o.Batch < 0 {
		errs = append(errs, fmt.Errorf("options.batch %d must not be negative (0 for no limit)", *o.Batch))
	}
	if o.BatchPerHost != nil && *o.BatchPerHost < 0 {
		errs = append(errs, fmt.Errorf("options.batchPerHost %d must not be negative (0 for no limit)", *o.BatchPerHost))
	}
	if _, err := ParseHosts(o.Hosts); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// HostMap is the parsed hosts option: names (optionally with a port, or
// "*.domain" wildcards) mapped to an IP address or another name, with or
// without a port.
type HostMap struct {
	exact    map[string]string // "name" or "name:port" -> target
	wildcard []wildcardHost    // longest suffix first
}

type wildcardHost struct {
	suffix string // ".example.com"
	port   string // "" for any
	target string
}

// ParseHosts validates and parses the hosts option; a nil or empty map
// gives a nil HostMap, which resolves nothing.
func ParseHosts(m map[string]string) (*HostMap, error) {
	if len(m) == 0 {
		return nil, nil
	}
	h := &HostMap{exact: map[string]string{}}
	var errs []error
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key, target := strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(m[k])
		name, port, err := splitHostOptionalPort(key)
		if err == nil && name == "" {
			err = errors.New("the name is empty")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("options.hosts key %q: %v; use \"name\", \"name:port\" or \"*.domain\"", k, err))
			continue
		}
		if tname, _, err := splitHostOptionalPort(target); err != nil || tname == "" {
			errs = append(errs, fmt.Errorf("options.hosts[%q] = %q: want an IP address or a name, optionally with a port (\"127.0.0.1\", \"10.0.0.1:8080\", \"other.example.com\")", k, m[k]))
			continue
		}
		if suffix, ok := strings.CutPrefix(name, "*"); ok {
			if !strings.HasPrefix(suffix, ".") || len(suffix) < 2 {
				errs = append(errs, fmt.Errorf("options.hosts key %q: a wildcard is \"*.domain\"", k))
				continue
			}
			h.wildcard = append(h.wildcard, wildcardHost{suffix: suffix, port: port, target: target})
			continue
		}
		h.exact[key] = target
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.SliceStable(h.wildcard, func(i, j int) bool { return len(h.wildcard[i].suffix) > len(h.wildcard[j].suffix) })
	return h, nil
}

// Resolve maps a dial address "host:port" through the hosts option; ok is
// false when no entry matches. A target without a port keeps the
// address's port.
func (h *HostMap) Resolve(addr string) (string, bool) {
	if h == nil {
		return addr, false
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	target, ok := h.exact[net.JoinHostPort(host, port)]
	if !ok {
		target, ok = h.exact[host]
	}
	for _, w := range h.wildcard {
		if ok {
			break
		}
		if strings.HasSuffix(host, w.suffix) && (w.port == "" || w.port == port) {
			target, ok = w.target, true
		}
	}
	if !ok {
		return addr, false
	}
	tname, tport, _ := splitHostOptionalPort(target)
	if tport == "" {
		tport = port
	}
	return net.JoinHostPort(tname, tport), true
}

// splitHostOptionalPort splits "name", "name:port", "ip", "ip:port",
// "[v6]:port" or a bare IPv6 address.
func splitHostOptionalPort(s string) (host, port string, err error) {
	if ip := net.ParseIP(strings.Trim(s, "[]")); ip != nil && !strings.Contains(s, "]:") {
		return strings.Trim(s, "[]"), "", nil
	}
	if !strings.Contains(s, ":") {
		return s, "", nil
	}
	host, port, err = net.SplitHostPort(s)
	if err != nil {
		return "", "", err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", "", fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return host, port, nil
}
