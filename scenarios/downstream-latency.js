// downstream-latency.js — a slow downstream under load. Toxiproxy delays
// every answer of the downstream by LATENCY: MCPToolHighLatency must
// fire, a tool call's trace must show the delay in its downstream child
// span, the calls the harness makes must slow down by about LATENCY, and
// after the revert the alert must resolve.
//
//   mcpchaos run scenarios/downstream-latency.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import { traffic, load, once, probeCall, TOOL } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

// Below the reference server's 2s downstream timeout: slow answers, not
// failed ones (histogram interpolation still puts p99 above 2s).
const LATENCY_MS = Number(__ENV.LATENCY_MS || 1500);

export const options = {
  scenarios: {
    traffic: load('0s', '70s'),
    downstreamLatency: once('downstreamLatency', '5s', '2m'),
  },
  thresholds,
};

export const downstreamLatency = judged('downstreamLatency', async () => {
  quiet('60s');
  const fault = faults.latency({ target: 'downstream', latency: `${LATENCY_MS}ms`, duration: '20s' });
  const fires = assertions.background.alertFires('MCPToolHighLatency', {
    labels: { tool_name: TOOL }, since: fault, within: '40s',
  });
  const others = assertions.background.noAlertsFire({
    since: fault, until: fault.injectedAt + 20000, except: ['MCPToolHighLatency', 'MCPCircuitBreakerOpen'],
  });

  // A call made during the fault is slower by about the delay, and its
  // trace puts the delay in the downstream child span.
  const r = probeCall();
  assertions.verify('a call slows down by the injected latency', r.durationMs >= LATENCY_MS * 0.9, {
    value: r.durationMs, why: `the call took ${r.durationMs}ms with ${LATENCY_MS}ms injected`, faultId: fault,
  });
  assertions.traceMatches(r.traceId, {
    spans: [
      { id: 'call', tool: TOOL, kind: 'server', minDuration: `${LATENCY_MS}ms` },
      { kind: 'client', parent: 'call', minDuration: `${Math.round(LATENCY_MS * 0.95)}ms` },
    ],
    within: '30s',
    faultId: fault,
  });
  assertions.queryHolds(
    `histogram_quantile(0.5, sum by (le) (rate(mcp_tool_duration_seconds_bucket{tool_name="${TOOL}"}[10s]))) > ${(LATENCY_MS / 1000 * 0.8).toFixed(2)}`,
    { since: fault, within: '30s' },
  );

  await fires.wait();
  await others.wait();
  await fault.wait();
  assertions.alertResolves('MCPToolHighLatency', { labels: { tool_name: TOOL }, after: fault, within: '40s' });
});
