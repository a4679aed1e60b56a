package output

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/envopts"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// csvSystemTags are the tag columns of k6's CSV output, in its order (k6's
// default system tags, sorted). Other tags go to extra_tags.
var csvSystemTags = []string{
	"check", "error", "error_code", "expected_response", "group", "method", "name", "proto",
	"scenario", "service", "status", "subproto", "tls_version", "url",
}

// csvTimeFormats are K6_CSV_TIME_FORMAT's values.
var csvTimeFormats = map[string]func(time.Time) string{
	"unix":         func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) },
	"unix_milli":   func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) },
	"unix_micro":   func(t time.Time) string { return strconv.FormatInt(t.UnixMicro(), 10) },
	"unix_nano":    func(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) },
	"rfc3339":      func(t time.Time) string { return t.Format(time.RFC3339) },
	"rfc3339_nano": func(t time.Time) string { return t.Format(time.RFC3339Nano) },
}

// csvConfig is the CSV output's settings, named as k6 names them.
type csvConfig struct {
	fileName     string
	saveInterval time.Duration
	timeFormat   string
}

// csvConfigFrom reads k6's settings: K6_CSV_FILENAME, K6_CSV_SAVE_INTERVAL
// and K6_CSV_TIME_FORMAT from env, then the --out argument over them,
// either a file name or fileName=F,saveInterval=D,timeFormat=T.
func csvConfigFrom(arg string, env map[string]string) (csvConfig, error) {
	e := envopts.New(env, "K6_CSV_")
	c := csvConfig{
		fileName:     e.String("K6_CSV_FILENAME", "file.csv"),
		saveInterval: e.Duration("K6_CSV_SAVE_INTERVAL", time.Second),
		timeFormat:   e.String("K6_CSV_TIME_FORMAT", "unix"),
	}
	if err := e.Err(); err != nil {
		return c, err
	}
	switch {
	case arg == "":
	case !strings.Contains(arg, "="):
		c.fileName = arg
	default:
		for item := range strings.SplitSeq(arg, ",") {
			k, v, _ := strings.Cut(item, "=")
			switch k {
			case "fileName":
				c.fileName = v
			case "saveInterval":
				d, err := parsePositive(v)
				if err != nil {
					return c, fmt.Errorf("csv saveInterval: %w", err)
				}
				c.saveInterval = d
			case "timeFormat":
				c.timeFormat = v
			default:
				return c, fmt.Errorf("csv option %q: use fileName, saveInterval or timeFormat, e.g. csv=fileName=out.csv,timeFormat=rfc3339", k)
			}
		}
	}
	if _, ok := csvTimeFormats[c.timeFormat]; !ok {
		return c, fmt.Errorf("csv time format %q: use unix, unix_milli, unix_micro, unix_nano, rfc3339 or rfc3339_nano", c.timeFormat)
	}
	if c.fileName == "" {
		return c, errors.New("csv: empty file name: give one, e.g. csv=results.csv")
	}
	return c, nil
}

func parsePositive(s string) (time.Duration, error) {
	d, err := duration.Parse(s)
	if err == nil && d <= 0 {
		err = fmt.Errorf("%q: must be more than zero, e.g. 1s", s)
	}
	return d, err
}

// csvOutput writes one line per sample in k6's CSV format, flushing every
// save interval and at the end.
type csvOutput struct {
	cfg    csvConfig
	format func(time.Time) string

	mu      sync.Mutex
	file    *os.File
	gz      *gzip.Writer
	buf     *bufio.Writer
	w       *csv.Writer
	row     []string
	extra   strings.Builder
	err     error
	skipped int
	loop    *stream.Periodic
}

var _ Output = (*csvOutput)(nil)

func newCSV(cfg csvConfig) *csvOutput {
	return &csvOutput{cfg: cfg, format: csvTimeFormats[cfg.timeFormat]}
}

// Start creates (truncating) the file and writes the header.
func (o *csvOutput) Start() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.Create(o.cfg.fileName)
	if err != nil {
		return fmt.Errorf("csv output: open %s: %w (check the folder exists and is writable)", o.cfg.fileName, err)
	}
	o.file = f
	var w io.Writer = f
	if strings.HasSuffix(o.cfg.fileName, ".gz") {
		o.gz = gzip.NewWriter(f)
		w = o.gz
	}
	o.buf = bufio.NewWriterSize(w, 64<<10)
	o.w = csv.NewWriter(o.buf)
	header := append([]string{"metric_name", "timestamp", "metric_value"}, csvSystemTags...)
	o.row = make([]string, len(header)+2)
	o.write(append(header, "extra_tags", "metadata"))
	o.loop = stream.StartPeriodic(o.cfg.saveInterval, nil, o.flush, nil)
	return nil
}

// AddSamples writes a row per sample; after a write error it drops them
// (Stop reports it).
func (o *csvOutput) AddSamples(samples []metrics.Sample) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.w == nil || o.err != nil {
		return
	}
	for _, s := range samples {
		if writable(s, &o.skipped) {
			o.write(o.rowOf(s))
		}
	}
}

// writable says whether a file output writes the sample: it has a metric
// and a finite value (the others are counted in skipped, which Stop
// reports).
func writable(s metrics.Sample, skipped *int) bool {
	if s.Metric == nil {
		return false
	}
	if math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
		*skipped++
		return false
	}
	return true
}

// rowOf fills the reused row: name, time, value with k6's six decimals,
// the system tags, the others as extra_tags "k=v&k=v", empty metadata.
func (o *csvOutput) rowOf(s metrics.Sample) []string {
	row := o.row
	row[0], row[1], row[2] = s.Metric.Name, o.format(s.Time), strconv.FormatFloat(s.Value, 'f', 6, 64)
	for i, name := range csvSystemTags {
		row[3+i], _ = s.Tags.Get(name)
	}
	o.extra.Reset()
	for _, t := range s.Tags.Tags() {
		if isCSVSystemTag(t.Name) {
			continue
		}
		if o.extra.Len() > 0 {
			o.extra.WriteByte('&')
		}
		o.extra.WriteString(t.Name)
		o.extra.WriteByte('=')
		o.extra.WriteString(t.Value)
	}
	row[len(row)-2], row[len(row)-1] = o.extra.String(), ""
	return row
}

func isCSVSystemTag(name string) bool {
	for _, n := range csvSystemTags {
		if n == name {
			return true
		}
	}
	return false
}

func (o *csvOutput) write(row []string) {
	if err := o.w.Write(row); err != nil && o.err == nil {
		o.err = err
	}
}

// flush hands the written rows to the file (every save interval).
func (o *csvOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.w == nil {
		return
	}
	o.w.Flush()
	if err := errors.Join(o.w.Error(), o.buf.Flush()); err != nil && o.err == nil {
		o.err = err
	}
}

// Stop flushes and closes the file, reporting the first write error and
// any samples skipped for non-finite values. Safe twice and without Start.
func (o *csvOutput) Stop() error {
	o.loop.Stop()
	o.flush()
	o.mu.Lock()
	defer o.mu.Unlock()
	errs := []error{o.err}
	if o.gz != nil {
		errs = append(errs, o.gz.Close())
	}
	if o.file != nil {
		errs = append(errs, o.file.Close())
	}
	if o.skipped > 0 {
		errs = append(errs, fmt.Errorf("skipped %d samples with NaN or infinite values", o.skipped))
	}
	o.file, o.gz, o.buf, o.w, o.err, o.skipped, o.loop = nil, nil, nil, nil, nil, 0, nil
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("csv output %s: %w", o.cfg.fileName, err)
	}
	return nil
}
