// baseline.js — steady traced load and no fault: the pipeline must be
// quiet and complete. No alert fires; every call's log line arrives with
// its session_id and trace_id; every sampled call's trace arrives with
// the tool-call → downstream span tree, and unsampled calls leave none;
// the secrets the calls carried never appear in a log line; the server
// counts the sessions the harness holds, and its latency histogram counts
// its tool calls only; the probe succeeds.
//
//   mcpchaos run scenarios/baseline.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import { sleep } from 'k6';
import { traffic, load, once, SECRETS, TOOL } from './lib/traffic.js';
import { thresholds, judged, quiet, sleepUntil } from './lib/judge.js';

export { traffic };

const SERVICE = __ENV.MCPCHAOS_LOG_SERVICE || 'mcp-server';
const DOWNSTREAM = __ENV.MCPCHAOS_DOWNSTREAM_SERVICE || 'downstream';

// The judged window: WINDOW of load, inside the traffic scenario.
const WINDOW = Number(__ENV.BASELINE_WINDOW_S || 12) * 1000;

export const options = {
  scenarios: {
    traffic: load('0s', `${WINDOW / 1000 + 10}s`),
    baseline: once('baseline', '2s', '3m'),
  },
  thresholds,
};

/** Judges a window of steady load that started at start and lasts ms. */
export async function judgeBaseline(start, ms) {
  const end = start + ms;
  // While the load runs, the server counts the harness's sessions.
  sleepUntil(start + ms / 2);
  assertions.queryHolds('sum(mcp_active_sessions) >= 2', { within: '10s' });
  assertions.queryHolds('min_over_time(probe_success{job="mcp-probe"}[10s]) == 1', { within: '20s' });
  sleepUntil(end + 1000);

  // The checks are independent: they run side by side, so a broken
  // pipeline's failures cost the longest deadline, not their sum.
  const bg = assertions.background;
  const all = assertions.calls({ since: start, until: end, tool: TOOL });
  const sampled = assertions.calls({ since: start, until: end, tool: TOOL, sampled: true });
  const unsampled = assertions.calls({ since: start, until: end, tool: TOOL, sampled: false });
  assertions.verify('the baseline made calls', all.length > 0, { value: all.length, why: `${all.length} calls of ${TOOL} in the window` });
  const pending = [
    bg.noAlertsFire({ since: start, until: end }),
    bg.logsComplete({ ids: all, selector: { service: SERVICE }, since: start - 1000, within: '30s', exact: true }),
    // Every line of the server that names a trace (a call's lines) names
    // its span and session too.
    bg.logsHaveFields({
      fields: ['span_id', 'session_id'],
      selector: { service: SERVICE, regex: { trace_id: '.' } },
      since: start, until: end, within: '10s',
    }),
    bg.logsNeverContain({ values: SECRETS, since: start - 1000, within: '5s' }),
    bg.tracesSampled({ traceIds: sampled, ratio: 1, tolerance: 0, within: '30s' }),
    bg.tracesSampled({ traceIds: unsampled, ratio: 0, tolerance: 0, within: '10s' }),
    // The latency histogram counts tool calls and nothing else: as many
    // observations as the calls counter (the seed: /metrics served on the
    // MCP port puts every scrape into it — after the window, a dozen at
    // least). One call may sit between the two updates at a scrape.
    bg.queryHolds('abs(sum(mcp_tool_duration_seconds_count) - sum(mcp_tool_calls_total)) <= 1', { within: '10s' }),
  ];
  if (sampled.length > 0) {
    pending.push(bg.traceMatches(sampled[0], {
      spans: [
        { id: 'call', tool: TOOL, kind: 'server' },
        { id: 'out', kind: 'client', parent: 'call' },
        // The downstream's own span, in the same trace: the context went
        // along with the call.
        { service: DOWNSTREAM, kind: 'server', ancestor: 'out' },
      ],
      within: '30s',
    }));
  }
  await Promise.all(pending.map((h) => h.wait()));
}

export const baseline = judged('baseline', async () => {
  const start = Date.now();
  quiet('5s');
  await judgeBaseline(start, WINDOW);
});
