// log-alert.js — the log-based backstop. Prometheus's scrapes of the
// server are cut (every connection through toxiproxy's mcp-server-metrics
// proxy is reset), so the metrics path is blind while the server runs and
// logs. Then the server fails a burst of tool calls, each one an
// error-level log line: MCPErrorLogSpike, a LogsQL rule that vmalert
// evaluates against VictoriaLogs, must still fire and reach Alertmanager
// and the webhook sink, while no metric alert sees the errors (the
// error-rate alert would, were the server scraped). After the burst and
// the revert the scrapes succeed again and the alert resolves.
//
//   mcpchaos run scenarios/log-alert.js --config .stack/mcpchaos.yaml
//
// Knobs: MCPCHAOS_METRICS_TARGET (the fault target in front of the
// server's metrics port, default mcp-server-metrics), MCPCHAOS_SERVER_JOB
// (Prometheus's scrape job of the server, default mcp-server),
// MCPCHAOS_ERROR_TOOL (a tool that fails and logs at level error, default
// the reference server's fail), MCPCHAOS_LOG_SERVICE (default mcp-server),
// LOG_ALERT_BURST (seconds of errors, default 12).
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import mcp from 'k6/x/mcp';
import { sleep } from 'k6';
import { traffic, load, once } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

const TARGET = __ENV.MCPCHAOS_METRICS_TARGET || 'mcp-server-metrics';
const JOB = __ENV.MCPCHAOS_SERVER_JOB || 'mcp-server';
const ERROR_TOOL = __ENV.MCPCHAOS_ERROR_TOOL || 'fail';
const SERVICE = __ENV.MCPCHAOS_LOG_SERVICE || 'mcp-server';
const BURST = Number(__ENV.LOG_ALERT_BURST || 12);
const ALERT = 'MCPErrorLogSpike';

// The failing calls have a session of their own.
const failing = mcp.connect({ throw: false, newSession: true });

export const options = {
  scenarios: {
    traffic: load('0s', `${BURST + 30}s`, 2),
    logAlert: once('logAlert', '2s', '2m'),
  },
  thresholds,
};

export const logAlert = judged('logAlert', async () => {
  quiet('60s');
  const fault = faults.errors({ target: TARGET, mode: 'reset', duration: `${BURST + 30}s` });
  // The metrics path is blind: Prometheus scrapes the server no more.
  const blind = assertions.queryHolds(`max(up{job="${JOB}"}) == 0`, { since: fault, within: '15s' });
  const start = Date.now();
  const spike = assertions.background.alertFires(ALERT, {
    labels: { severity: 'warning' }, since: start, within: `${BURST + 15}s`,
  });
  const stillBlind = assertions.background.queryHolds(`max(up{job="${JOB}"}) == 0`, {
    since: start, within: '5s', for: `${BURST - 2}s`,
  });
  let calls = 0;
  let failed = 0;
  while (Date.now() - start < BURST * 1000) {
    const r = failing.callTool({ name: ERROR_TOOL, arguments: { message: 'mcpchaos log-alert burst' } });
    calls++;
    if (r.isError) {
      failed++;
    }
    sleep(0.2);
  }
  const end = Date.now();
  assertions.verify(`the ${ERROR_TOOL} tool failed (each failure an error-level line)`, failed >= 6, {
    value: failed, why: `${failed} of ${calls} calls failed in ${BURST}s; the alert needs more than 5`, faultId: fault,
  });
  // The alert's input: the error lines reached the logs backend.
  assertions.logsMatch({
    selector: { service: SERVICE, level: 'error' }, since: start, until: end, min: 6, within: '10s',
  });
  await spike.wait();
  await stillBlind.wait();
  // Nothing but the log alert saw the errors: the metrics path was blind.
  assertions.noAlertsFire({ since: fault, until: end, except: [ALERT] });
  fault.revert();
  if (blind.passed) {
    assertions.queryHolds(`max(up{job="${JOB}"}) == 1`, { since: fault.revertedAt, within: '15s' });
  }
  assertions.alertResolves(ALERT, { after: end, within: '40s' });
});
