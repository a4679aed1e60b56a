// Package report turns the files of a finished run into what people read:
// a verdict, report.html, junit.xml and summary.md, all re-renderable from
// the run directory without any backend.
//
// # The run directory
//
// A run writes its inputs into one directory, reports/<run>/:
//
//	summary.json     the engine's end-of-test summary (mcpchaos run --summary-export)
//	events.jsonl     the fault event log (faults.Event, one a line; mcpchaos run --faults-events)
//	assertions.jsonl the assertion results (assertions.Entry, one a line)
//	timeline.json    the metrics around the run, from Collect (optional)
//	mutations.json   the mutation matrix (optional; shape below)
//
// Render reads them and writes:
//
//	report.html   self-contained: no network, fonts or scripts from elsewhere
//	junit.xml     one testcase per assertion, a testsuite per scenario, and
//	              the faults, thresholds and run inputs as testcases too
//	summary.md    for a GitHub job summary ($GITHUB_STEP_SUMMARY)
//	verdict.json  the verdict, its exit code and its reasons
//
// A missing summary.json, events.jsonl or assertions.jsonl is not fatal (a
// killed run still gets its report), but the verdict never passes a run it
// could not judge: a missing summary.json, or fewer results than the
// summary's assertion checks, make the verdict "error".
//
// # The verdict
//
// The worst outcome wins, in the order of engine.Outranks: a fault whose
// revert was not confirmed (fault-not-reverted, exit 121), an assertion
// that could not be evaluated or a fault that never took effect (error,
// 120), a failed assertion or a crossed threshold (fail, 99), else pass
// (0).
//
// # The timeline
//
// Collect asks Prometheus for what happened around the run — alert states
// (pending and firing intervals from the ALERTS series, at the rule
// evaluations' own timestamps), probe success, p95 tool latency, tool
// error rate and log ingestion (shipped by the collector, ingested by
// VictoriaLogs) — and SaveTimeline writes it to timeline.json. A query that
// fails leaves its series empty with its error in the Timeline; the report
// shows the error where the chart would be. Queries holds the PromQL, with
// DefaultQueries for the reference server's metric names.
//
// # mutations.json
//
// A mutation run switches a defect on in the server and records which
// assertions caught it (failed, as they should) and which missed it
// (passed although the defect was on):
//
//	{
//	  "mutations": [
//	    {
//	      "name": "errors-not-counted",
//	      "description": "mcp_tool_calls_total never counts status=error",
//	      "results": [
//	        {"assertion": "alertFires(MCPToolHighErrorRate)", "outcome": "caught", "why": "did not fire within 45s"},
//	        {"assertion": "logsComplete", "outcome": "missed"}
//	      ]
//	    }
//	  ]
//	}
//
// outcome is caught, missed or error (the assertion could not be
// evaluated). The report draws a mutation × assertion table; a mutation no
// assertion caught is marked as surviving. The matrix does not change the
// run's verdict.
package report
