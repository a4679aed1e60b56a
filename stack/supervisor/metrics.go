package supervisor

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// metrics are the supervisor's own Prometheus metrics, in a registry of
// its own (no global state).
type metrics struct {
	reg           *prometheus.Registry
	up            *prometheus.GaugeVec
	ready         *prometheus.GaugeVec
	restarts      *prometheus.CounterVec
	oomKills      *prometheus.CounterVec
	exits         *prometheus.CounterVec
	lastExitCode  *prometheus.GaugeVec
	startTime     *prometheus.GaugeVec
	leases        prometheus.Gauge
	leaseReverts  *prometheus.CounterVec
	notifications *prometheus.CounterVec
}

func newMetrics() (*metrics, error) {
	comp := []string{"component"}
	m := &metrics{
		reg: prometheus.NewRegistry(),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mcpchaos_component_up",
			Help: "1 while the component's process runs, 0 when it is stopped, exited or restarting.",
		}, comp),
		ready: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mcpchaos_component_ready",
			Help: "1 while the component's readiness check passes.",
		}, comp),
		restarts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_component_restarts_total",
			Help: "Restarts by the component's restart policy (after a crash, a signal or an OOM kill).",
		}, comp),
		oomKills: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_component_oom_kills_total",
			Help: "Exits of the component caused by the kernel OOM killer in its cgroup.",
		}, comp),
		exits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_component_exits_total",
			Help: "Process exits by reason: exited (with a code), signal, oom_kill, stopped (on purpose).",
		}, []string{"component", "reason"}),
		lastExitCode: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mcpchaos_component_last_exit_code",
			Help: "Exit code of the component's last exit; 128+N when killed by signal N (137 for SIGKILL and OOM kills).",
		}, comp),
		startTime: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mcpchaos_component_start_time_seconds",
			Help: "Unix time the component's current process started.",
		}, comp),
		leases: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mcpchaos_supervisor_active_leases",
			Help: "Fault leases the supervisor will revert.",
		}),
		leaseReverts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_supervisor_lease_reverts_total",
			Help: "Lease reverts by how the lease ended (expired, released, shutdown) and result (ok, error).",
		}, []string{"state", "result"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mcpchaos_webhook_alerts_received_total",
			Help: "Alerts received by the webhook sink, by alertname and status.",
		}, []string{"alertname", "status"}),
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.up, m.ready, m.restarts, m.oomKills, m.exits,
		m.lastExitCode, m.startTime, m.leases, m.leaseReverts, m.notifications} {
		errs = append(errs, m.reg.Register(c))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("supervisor metrics: %w", err)
	}
	return m, nil
}

// declare makes a component's series exist from the start, so rates and
// increase() see the first restart.
func (m *metrics) declare(name string) {
	m.up.WithLabelValues(name).Set(0)
	m.ready.WithLabelValues(name).Set(0)
	m.restarts.WithLabelValues(name)
	m.oomKills.WithLabelValues(name)
	for _, r := range []string{control.ReasonExited, control.ReasonSignal, control.ReasonOOMKill, control.ReasonStopped} {
		m.exits.WithLabelValues(name, r)
	}
}

func (m *metrics) observeExit(name string, e control.Exit) {
	m.up.WithLabelValues(name).Set(0)
	m.ready.WithLabelValues(name).Set(0)
	m.exits.WithLabelValues(name, e.Reason).Inc()
	m.lastExitCode.WithLabelValues(name).Set(float64(e.Code))
}

// memoryCollector reports each cgrouped component's memory usage and limit
// at scrape time.
type memoryCollector struct {
	procs []*proc
	usage *prometheus.Desc
	limit *prometheus.Desc
}

func newMemoryCollector(procs []*proc) *memoryCollector {
	return &memoryCollector{
		procs: procs,
		usage: prometheus.NewDesc("mcpchaos_component_memory_usage_bytes", "Memory charged to the component's cgroup.", []string{"component"}, nil),
		limit: prometheus.NewDesc("mcpchaos_component_memory_limit_bytes", "The component's cgroup memory limit; absent when unlimited.", []string{"component"}, nil),
	}
}

var _ prometheus.Collector = (*memoryCollector)(nil)

func (c *memoryCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.usage
	ch <- c.limit
}

func (c *memoryCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.procs {
		if p.group == nil {
			continue
		}
		if u, err := p.group.MemoryUsage(); err == nil {
			send(ch, c.usage, float64(u), p.spec.Name)
		}
		if l, ok, err := p.group.MemoryLimit(); err == nil && ok {
			send(ch, c.limit, float64(l), p.spec.Name)
		}
	}
}

func send(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, label string) {
	if m, err := prometheus.NewConstMetric(d, prometheus.GaugeValue, v, label); err == nil {
		ch <- m
	}
}
