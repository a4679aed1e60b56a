// downstream-errors.js — a failing downstream under load. The downstream
// answers HTTP 500 (or resets connections, ERRORS_MODE=reset): the
// circuit breaker must open first (mcp_circuit_breaker_open, the seed's
// leading indicator), then MCPToolHighErrorRate fire; the error log lines
// must carry trace_id, error.type and a stack; after the revert the
// breaker closes and both alerts resolve.
//
//   mcpchaos run scenarios/downstream-errors.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import { traffic, load, once, TOOL } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

export const options = {
  scenarios: {
    traffic: load('0s', '70s'),
    downstreamErrors: once('downstreamErrors', '5s', '2m'),
  },
  thresholds,
};

const ALERTS = ['MCPCircuitBreakerOpen', 'MCPToolHighErrorRate'];

export const downstreamErrors = judged('downstreamErrors', async () => {
  quiet('60s');
  const mode = __ENV.ERRORS_MODE || 'http';
  const fault = faults.errors({ target: 'downstream', mode, status: 500, duration: '15s' });
  const breaker = assertions.background.alertFires('MCPCircuitBreakerOpen', { since: fault, within: '30s' });
  const rate = assertions.background.alertFires('MCPToolHighErrorRate', { labels: { tool_name: TOOL }, since: fault, within: '40s' });
  // Every failed call is an error-level log line: the log-based backstop
  // (MCPErrorLogSpike, vmalert) may fire too.
  const others = assertions.background.noAlertsFire({ since: fault, until: fault.injectedAt + 15000, except: [...ALERTS, 'MCPErrorLogSpike'] });
  const b = await breaker.wait();
  const r = await rate.wait();
  assertions.verify('the circuit breaker opens before the error-rate alert fires',
    b.passed && r.passed && firing(b) < firing(r), {
      why: `MCPCircuitBreakerOpen firing ${after(b)}, MCPToolHighErrorRate ${after(r)}`,
      faultId: fault,
    });
  const opened = assertions.queryHolds('max(mcp_circuit_breaker_open) == 1', { since: fault, within: '10s' });
  await others.wait();
  await fault.wait();
  assertions.logsHaveFields({
    fields: ['trace_id', 'span_id', 'error.type', 'error.stack'],
    selector: { service: __ENV.MCPCHAOS_LOG_SERVICE || 'mcp-server', level: 'error' },
    since: fault.injectedAt, until: fault.revertedAt, within: '20s',
  });
  // Only a breaker that opened can close; one that never did has failed
  // twice already (its alert, its gauge), and waiting for it would eat
  // the phase's time the resolutions below need.
  if (opened.passed) {
    assertions.queryHolds('max(mcp_circuit_breaker_open) == 0', { since: fault.revertedAt, within: '40s' });
  }
  for (const name of ALERTS) {
    assertions.alertResolves(name, { after: fault, within: '40s' });
  }
});

function firing(result) {
  const s = result.stages.find((x) => x.name === 'firing');
  return s ? s.at : Infinity;
}

function after(result) {
  const s = result.stages.find((x) => x.name === 'firing');
  return s ? `at +${s.afterMs}ms` : 'never';
}
