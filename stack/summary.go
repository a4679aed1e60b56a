package stack

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteSummary prints where to look: every UI and API, with the queries
// that find one call's trace and logs by its trace id.
func (s *Stack) WriteSummary(w io.Writer) {
	u := s.State.URLs
	fmt.Fprintf(w, "mcpchaos stack (%s profile) in %s\n", s.State.Profile, s.State.Dir)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, url, hint string) { fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, url, hint) }
	ca := ""
	if s.State.CAFile != "" {
		ca = "CA " + s.State.CAFile
	}
	row("MCP server", u.MCP, ca)
	row("server metrics", u.ServerMetrics, "")
	row("Prometheus", u.Prometheus, "/alerts, /api/v1/query?query=mcp_tool_calls_total")
	row("Alertmanager", u.Alertmanager, "/api/v2/alerts")
	row("VictoriaLogs", u.VictoriaLogs, "/select/vmui, /select/logsql/query?query=trace_id:<id>")
	row("Jaeger", u.Jaeger, "UI /, /api/v3/traces/<id>")
	row("toxiproxy", u.Toxiproxy, "proxies "+ToxiproxyDownstream+", "+ToxiproxyServerMetrics)
	row("probe", u.Probe, "?target="+u.MCP+"&module=mcp&debug=true")
	row("supervisor", u.Supervisor, "token "+s.State.TokenFile)
	row("webhook sink", u.Webhook, "deliveries: /webhook/alerts")
	_ = tw.Flush()
	fmt.Fprintf(w, "config for `mcpchaos run`: %s\n", s.State.ConfigFile)
}
