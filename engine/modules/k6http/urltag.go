package k6http

import (
	"strconv"
	"strings"

	"github.com/grafana/sobek"
)

// urlTag is what the http.url tagged template returns: the URL to request
// and its name tag, the template with each ${} left in (k6's URL
// grouping: http.url`${base}/items/${id}` is named "${}/items/${}").
type urlTag struct {
	URL  string `js:"url"`
	Name string `js:"name"`
}

// ToString is the URL, so the value also works where a string is wanted.
func (u *urlTag) ToString() string { return u.URL }

// newURLTag implements http.url`...`: the first argument is the template's
// strings, the others its values.
func newURLTag(rt *sobek.Runtime, c sobek.FunctionCall) sobek.Value {
	strs, ok := c.Argument(0).(*sobek.Object)
	if !ok || strs.ClassName() != "Array" {
		throw(rt, errURLTag)
	}
	n := int(strs.Get("length").ToInteger())
	var url, name strings.Builder
	for i := 0; i < n; i++ {
		s := strs.Get(strconv.Itoa(i)).String()
		url.WriteString(s)
		name.WriteString(s)
		if i+1 < n {
			url.WriteString(c.Argument(i + 1).String())
			name.WriteString("${}")
		}
	}
	return rt.ToValue(&urlTag{URL: url.String(), Name: name.String()})
}
