package promrw

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// label is one Prometheus label.
type label struct{ name, value string }

// sample is one point of one series: remote write v1's TimeSeries with a
// single Sample.
type sample struct {
	labels []label // sorted by name, __name__ included
	value  float64
	ms     int64 // timestamp in milliseconds
}

// Field numbers of prometheus/prompb (remote.proto, types.proto), v1:
// WriteRequest.timeseries = 1; TimeSeries.labels = 1, samples = 2;
// Label.name = 1, value = 2; Sample.value = 1 (double), timestamp = 2.
const (
	fieldTimeseries  = 1
	fieldLabels      = 1
	fieldSamples     = 2
	fieldLabelName   = 1
	fieldLabelValue  = 2
	fieldSampleValue = 1
	fieldSampleTime  = 2
)

// encodeWriteRequest is the protobuf WriteRequest of the samples.
func encodeWriteRequest(samples []sample) []byte {
	size := 0
	for _, s := range samples {
		size += protowire.SizeTag(fieldTimeseries) + protowire.SizeBytes(seriesSize(s))
	}
	b := make([]byte, 0, size)
	for _, s := range samples {
		b = protowire.AppendTag(b, fieldTimeseries, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(seriesSize(s)))
		for _, l := range s.labels {
			b = protowire.AppendTag(b, fieldLabels, protowire.BytesType)
			b = protowire.AppendVarint(b, uint64(labelSize(l)))
			b = protowire.AppendTag(b, fieldLabelName, protowire.BytesType)
			b = protowire.AppendString(b, l.name)
			b = protowire.AppendTag(b, fieldLabelValue, protowire.BytesType)
			b = protowire.AppendString(b, l.value)
		}
		b = protowire.AppendTag(b, fieldSamples, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(sampleSize(s)))
		b = protowire.AppendTag(b, fieldSampleValue, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, math.Float64bits(s.value))
		b = protowire.AppendTag(b, fieldSampleTime, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(s.ms))
	}
	return b
}

func labelSize(l label) int {
	return protowire.SizeTag(fieldLabelName) + protowire.SizeBytes(len(l.name)) +
		protowire.SizeTag(fieldLabelValue) + protowire.SizeBytes(len(l.value))
}

func sampleSize(s sample) int {
	return protowire.SizeTag(fieldSampleValue) + protowire.SizeFixed64() +
		protowire.SizeTag(fieldSampleTime) + protowire.SizeVarint(uint64(s.ms))
}

func seriesSize(s sample) int {
	n := protowire.SizeTag(fieldSamples) + protowire.SizeBytes(sampleSize(s))
	for _, l := range s.labels {
		n += protowire.SizeTag(fieldLabels) + protowire.SizeBytes(labelSize(l))
	}
	return n
}
