package promrw

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/klauspost/compress/snappy"
	"google.golang.org/protobuf/encoding/protowire"
)

// decodeWriteRequest reads a WriteRequest back (the test's own reading of
// the wire format, field by field).
func decodeWriteRequest(b []byte) ([]sample, error) {
	var out []sample
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != fieldTimeseries || typ != protowire.BytesType {
			return fmt.Errorf("WriteRequest: unexpected field %d", num)
		}
		var s sample
		err := eachField(v, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
			switch num {
			case fieldLabels:
				var l label
				err := eachField(v, func(num protowire.Number, _ protowire.Type, v []byte, _ uint64) error {
					if num == fieldLabelName {
						l.name = string(v)
					} else {
						l.value = string(v)
					}
					return nil
				})
				s.labels = append(s.labels, l)
				return err
			case fieldSamples:
				return eachField(v, func(num protowire.Number, _ protowire.Type, _ []byte, n uint64) error {
					if num == fieldSampleValue {
						s.value = math.Float64frombits(n)
					} else {
						s.ms = int64(n)
					}
					return nil
				})
			}
			return fmt.Errorf("TimeSeries: unexpected field %d", num)
		})
		out = append(out, s)
		return err
	})
	return out, err
}

func eachField(b []byte, fn func(protowire.Number, protowire.Type, []byte, uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		default:
			return fmt.Errorf("unexpected wire type %d", typ)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if err := fn(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}

// receiver is a remote write endpoint that records what it is sent (for
// the wire format; the real Prometheus test is in cmd/mcpchaos).
type receiver struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests [][]sample
	headers  []http.Header
	status   int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{status: http.StatusNoContent}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		raw, err := snappy.Decode(nil, body)
		if err != nil {
			http.Error(w, "snappy: "+err.Error(), http.StatusBadRequest)
			return
		}
		samples, err := decodeWriteRequest(raw)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.requests = append(r.requests, samples)
		r.headers = append(r.headers, req.Header.Clone())
		if r.status != http.StatusNoContent {
			http.Error(w, "refused by the test", r.status)
			return
		}
		w.WriteHeader(r.status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() ([][]sample, []http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]sample(nil), r.requests...), append([]http.Header(nil), r.headers...)
}
