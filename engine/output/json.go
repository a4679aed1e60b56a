package output

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// jsonOutput writes k6's JSON lines to a file (gzipped for .gz) or to an
// already open writer.
type jsonOutput struct {
	path string

	mu         sync.Mutex
	dst        io.WriteCloser // the file or stdout
	gz         *gzip.Writer
	buf        *bufio.Writer
	enc        *json.Encoder
	seen       map[*metrics.Metric]bool
	thresholds map[string][]string
	err        error // first write error; writing stops after it
	skipped    int   // samples with NaN or infinite values
}

var (
	_ Output         = (*jsonOutput)(nil)
	_ ThresholdAware = (*jsonOutput)(nil)
)

// nopCloser keeps Stop from closing stdout.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func newJSON(path string, dst io.WriteCloser) *jsonOutput {
	return &jsonOutput{path: path, dst: dst, seen: map[*metrics.Metric]bool{}}
}

// SetThresholds records each metric's threshold expressions for its
// Metric line.
func (o *jsonOutput) SetThresholds(byMetric map[string][]string) {
	o.mu.Lock()
	o.thresholds = byMetric
	o.mu.Unlock()
}

// Start opens (truncating) the file.
func (o *jsonOutput) Start() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dst == nil {
		f, err := os.Create(o.path)
		if err != nil {
			return fmt.Errorf("json output: open %s: %w (check the folder exists and is writable)", o.path, err)
		}
		o.dst = f
	}
	var w io.Writer = o.dst
	if strings.HasSuffix(o.path, ".gz") {
		o.gz = gzip.NewWriter(o.dst)
		w = o.gz
	}
	o.buf = bufio.NewWriterSize(w, 64<<10)
	o.enc = json.NewEncoder(o.buf)
	o.enc.SetEscapeHTML(false)
	return nil
}

type line struct {
	Type   string `json:"type"`
	Data   any    `json:"data"`
	Metric string `json:"metric"`
}

type metricData struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Contains   string          `json:"contains"`
	Thresholds []string        `json:"thresholds"`
	Submetrics []submetricData `json:"submetrics"`
}

type submetricData struct {
	Name   string            `json:"name"`
	Suffix string            `json:"suffix"`
	Tags   map[string]string `json:"tags"`
}

type pointData struct {
	Time  string            `json:"time"`
	Value float64           `json:"value"`
	Tags  map[string]string `json:"tags"`
}

// AddSamples writes a Metric line for each metric seen first, then one
// Point line per sample. After a write error it drops samples; Stop
// reports the error.
func (o *jsonOutput) AddSamples(samples []metrics.Sample) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.enc == nil || o.err != nil {
		return
	}
	for _, s := range samples {
		if !writable(s, &o.skipped) {
			continue
		}
		if !o.seen[s.Metric] {
			o.seen[s.Metric] = true
			o.write(line{Type: "Metric", Data: o.metricData(s.Metric), Metric: s.Metric.Name})
		}
		var tags map[string]string
		if s.Tags.Len() > 0 {
			tags = s.Tags.Map()
		}
		o.write(line{Type: "Point", Metric: s.Metric.Name, Data: pointData{
			Time: s.Time.Format(time.RFC3339Nano), Value: s.Value, Tags: tags,
		}})
		if o.err != nil {
			return
		}
	}
}

func (o *jsonOutput) write(l line) {
	if err := o.enc.Encode(l); err != nil && o.err == nil {
		o.err = err
	}
}

func (o *jsonOutput) metricData(m *metrics.Metric) metricData {
	d := metricData{Name: m.Name, Type: m.Type.String(), Contains: m.Contains.String(), Thresholds: o.thresholds[m.Name]}
	if d.Thresholds == nil {
		d.Thresholds = []string{}
	}
	for _, sub := range m.Submetrics() {
		d.Submetrics = append(d.Submetrics, submetricData{Name: sub.Name, Suffix: sub.Tags.String(), Tags: sub.Tags.Map()})
	}
	return d
}

// Stop flushes and closes the destination; it reports the first write
// error and any samples skipped for non-finite values. Safe to call more
// than once and without Start.
func (o *jsonOutput) Stop() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	errs := []error{o.err}
	if o.buf != nil {
		errs = append(errs, o.buf.Flush())
	}
	if o.gz != nil {
		errs = append(errs, o.gz.Close())
	}
	if o.dst != nil {
		errs = append(errs, o.dst.Close())
	}
	if o.skipped > 0 {
		errs = append(errs, fmt.Errorf("skipped %d samples with NaN or infinite values", o.skipped))
	}
	o.buf, o.gz, o.dst, o.enc, o.err, o.skipped = nil, nil, nil, nil, nil, 0
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("json output %s: %w", o.path, err)
	}
	return nil
}
