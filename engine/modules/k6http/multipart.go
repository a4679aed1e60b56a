package k6http

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"strings"

	"github.com/grafana/sobek"
)

// fileData is what http.file() returns: a multipart body field holding a
// file. data is the script's value as given; bytes is what is sent.
type fileData struct {
	Data        sobek.Value `js:"data"`
	Filename    string      `js:"filename"`
	ContentType string      `js:"content_type"`
	bytes       []byte
}

// defaultFileType is the part's content type when http.file() names none.
const defaultFileType = "application/octet-stream"

// newFile implements http.file(data, [filename], [contentType]).
func newFile(rt *sobek.Runtime, c sobek.FunctionCall) sobek.Value {
	data := c.Argument(0)
	b, err := bytesOf(data)
	if err != nil {
		throw(rt, fmt.Errorf("http.file(): %w", err))
	}
	f := &fileData{Data: data, bytes: b, ContentType: defaultFileType}
	if v := c.Argument(1); !isNullish(v) {
		f.Filename = v.String()
	}
	if v := c.Argument(2); !isNullish(v) {
		f.ContentType = v.String()
	}
	return rt.ToValue(f)
}

// bytesOf reads file data: a string, an ArrayBuffer, a typed array or an
// array of byte values.
func bytesOf(v sobek.Value) ([]byte, error) {
	if isNullish(v) {
		return nil, fmt.Errorf("the data is missing: pass a string, an ArrayBuffer (open(path, \"b\")) or an array of bytes")
	}
	switch x := v.Export().(type) {
	case string:
		return []byte(x), nil
	case sobek.ArrayBuffer:
		return append([]byte(nil), x.Bytes()...), nil
	case []byte:
		return append([]byte(nil), x...), nil
	case []any:
		out := make([]byte, len(x))
		for i, e := range x {
			n, ok := e.(int64)
			if f, isFloat := e.(float64); isFloat && f == float64(int64(f)) {
				n, ok = int64(f), true
			}
			if !ok || n < 0 || n > 255 {
				return nil, fmt.Errorf("data[%d] = %v: an array of file data holds byte values from 0 to 255", i, e)
			}
			out[i] = byte(n)
		}
		return out, nil
	}
	if obj, ok := v.(*sobek.Object); ok {
		if b := obj.Get("buffer"); b != nil {
			if buf, ok := b.Export().(sobek.ArrayBuffer); ok {
				return append([]byte(nil), buf.Bytes()...), nil // typed array view
			}
		}
	}
	return nil, fmt.Errorf("data %q: pass a string, an ArrayBuffer (open(path, \"b\")) or an array of bytes", v.String())
}

// isMultipart reports whether a body object has an http.file() field.
func isMultipart(obj *sobek.Object) bool {
	for _, k := range obj.Keys() {
		if _, ok := obj.Get(k).Export().(*fileData); ok {
			return true
		}
	}
	return false
}

// multipartBody encodes a body object as multipart/form-data, fields in
// the object's order; a file without a filename is named after its field.
func (r *request) multipartBody(obj *sobek.Object) error {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, k := range obj.Keys() {
		val := obj.Get(k)
		if f, ok := val.Export().(*fileData); ok {
			name := f.Filename
			if name == "" {
				name = k
			}
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(k), escapeQuotes(name)))
			h.Set("Content-Type", f.ContentType)
			part, err := w.CreatePart(h)
			if err != nil {
				return fmt.Errorf("multipart body field %q: %w", k, err)
			}
			_, _ = part.Write(f.bytes)
			continue
		}
		if _, nested := val.(*sobek.Object); nested {
			return fmt.Errorf("body field %q is an object: multipart fields take strings, numbers, booleans and http.file()", k)
		}
		if err := w.WriteField(k, val.String()); err != nil {
			return fmt.Errorf("multipart body field %q: %w", k, err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("multipart body: %w", err)
	}
	r.body = buf.Bytes()
	if r.headers.Get("Content-Type") == "" {
		r.headers.Set("Content-Type", w.FormDataContentType())
	}
	return nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }
