package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Report is what a pushing output's Stop returns: the failed pushes, the
// samples the buffer dropped (slowHint says how to avoid that) and the
// samples of series beyond the table's cap of maxSeries; nil when none.
func Report(what string, pushes *Pushes, buf *Buffer, tableDropped int64, maxSeries int, slowHint string) error {
	errs := []error{pushes.Err()}
	if n := buf.Dropped(); n > 0 {
		errs = append(errs, fmt.Errorf("%s: dropped %d samples: more than %d waited for one push (the endpoint is too slow; %s)", what, n, buf.max, slowHint))
	}
	if tableDropped > 0 {
		errs = append(errs, fmt.Errorf("%s: dropped %d samples of series beyond %d (too many tag sets: a tag with unbounded values, such as a URL with ids? name such requests with a name tag)", what, tableDropped, maxSeries))
	}
	return errors.Join(errs...)
}

// Post sends req and turns a non-2xx answer into an error with the
// status and the start of the body.
func Post(client *http.Client, req *http.Request) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
