package metrics

// Builtin holds the metrics every run has, named as k6 names them.
type Builtin struct {
	VUs               *Metric // gauge
	VUsMax            *Metric // gauge
	Iterations        *Metric // counter
	IterationDuration *Metric // trend, time
	DroppedIterations *Metric // counter
	Checks            *Metric // rate
	DataSent          *Metric // counter, data
	DataReceived      *Metric // counter, data
	HTTPReqs          *Metric // counter
	HTTPReqDuration   *Metric // trend, time
	HTTPReqFailed     *Metric // rate
}

// RegisterBuiltins creates the built-in metrics in r.
func RegisterBuiltins(r *Registry) (*Builtin, error) {
	b := &Builtin{}
	defs := []struct {
		dst  **Metric
		name string
		typ  Type
		vt   ValueType
	}{
		{&b.VUs, "vus", Gauge, Default},
		{&b.VUsMax, "vus_max", Gauge, Default},
		{&b.Iterations, "iterations", Counter, Default},
		{&b.IterationDuration, "iteration_duration", Trend, Time},
		{&b.DroppedIterations, "dropped_iterations", Counter, Default},
		{&b.Checks, "checks", Rate, Default},
		{&b.DataSent, "data_sent", Counter, Data},
		{&b.DataReceived, "data_received", Counter, Data},
		{&b.HTTPReqs, "http_reqs", Counter, Default},
		{&b.HTTPReqDuration, "http_req_duration", Trend, Time},
		{&b.HTTPReqFailed, "http_req_failed", Rate, Default},
	}
	for _, d := range defs {
		m, err := r.NewMetric(d.name, d.typ, d.vt)
		if err != nil {
			return nil, err
		}
		*d.dst = m
	}
	return b, nil
}
