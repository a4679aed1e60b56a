package probe

import (
	"bufio"
	"bytes"
	"io"
)

// maxEventSize bounds one SSE event and one JSON body.
const maxEventSize = 4 << 20

// sseEvent is one dispatched server-sent event.
type sseEvent struct {
	Event string // "" means "message"
	Data  []byte
}

// sseReader parses a text/event-stream per the WHATWG rules the MCP
// transports use: "field: value" lines, ':' comments, CR, LF or CRLF line
// ends, an empty line dispatches, multiple data lines join with LF.
type sseReader struct {
	r          *bufio.Reader
	skipNextLF bool // the last line ended with CR: a following LF is part of it
}

func newSSEReader(r io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 16<<10)}
}

// next returns the next event with data, or an error (io.EOF at the end).
func (s *sseReader) next() (sseEvent, error) {
	var ev sseEvent
	var data bytes.Buffer
	hasData := false
	for {
		line, err := s.readLine()
		if err != nil {
			return sseEvent{}, err
		}
		if len(line) == 0 {
			if hasData {
				ev.Data = data.Bytes()
				return ev, nil
			}
			ev = sseEvent{}
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, _ := bytes.Cut(line, []byte{':'})
		value = bytes.TrimPrefix(value, []byte{' '})
		switch string(field) {
		case "event":
			ev.Event = string(value)
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			if data.Len()+len(value) > maxEventSize {
				return sseEvent{}, unexpectedf("SSE event larger than %d bytes", maxEventSize)
			}
			data.Write(value)
			hasData = true
		}
	}
}

// readLine reads one line without its end (CR, LF or CRLF).
func (s *sseReader) readLine() ([]byte, error) {
	var line []byte
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				return line, nil
			}
			return nil, err
		}
		skipLF := s.skipNextLF
		s.skipNextLF = false
		switch b {
		case '\n':
			if skipLF {
				continue
			}
			return line, nil
		case '\r':
			// Not peeking: on a live stream the LF may not have arrived yet.
			s.skipNextLF = true
			return line, nil
		}
		if len(line) >= maxEventSize {
			return nil, unexpectedf("SSE line longer than %d bytes", maxEventSize)
		}
		line = append(line, b)
	}
}
