// oom-kill.js — the server is OOM-killed under load and crash-loops for
// a while (a leak that survives restarts). In-process telemetry cannot
// see this: the synthetic probe must fail and MCPProbeFailing fire,
// MCPServerRestarted and MCPServerOOMKilled must fire, no graceful
// shutdown line may be logged for the killed instances (a kill is not a
// shutdown), and after the loop sessions recover and calls succeed.
//
//   mcpchaos run scenarios/oom-kill.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import mcp from 'k6/x/mcp';
import { check } from 'k6';
import { traffic, load, once, probeCall } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

export const options = {
  scenarios: {
    traffic: load('0s', '60s'),
    oomKill: once('oomKill', '5s', '2m'),
  },
  thresholds,
};

const ALERTS = ['MCPProbeFailing', 'MCPServerRestarted', 'MCPServerOOMKilled'];

export const oomKill = judged('oomKill', async () => {
  quiet('60s');
  const since = Date.now();
  const crash = assertions.background.probeFails({ since, within: '45s' });
  const probe = assertions.background.alertFires('MCPProbeFailing', { since, within: '60s' });
  const restarted = assertions.background.alertFires('MCPServerRestarted', { since, within: '60s' });
  const oom = assertions.background.alertFires('MCPServerOOMKilled', { since, within: '60s' });
  // Blocks until the kill is seen, then crash-loops for the duration;
  // wait() resolves once the server is back and ready.
  const fault = faults.oomKill({ target: 'mcp-server', duration: '10s' });
  await crash.wait();
  await probe.wait();
  await restarted.wait();
  await oom.wait();
  await fault.wait();
  assertions.noAlertsFire({ since: fault, until: fault.revertedAt, except: [...ALERTS, 'MCPToolHighErrorRate', 'MCPLogPipelineStalled'] });
  assertions.logsAbsent({
    selector: { message: __ENV.MCPCHAOS_SHUTDOWN_MESSAGE || 'shutdown' },
    since: fault.injectedAt, until: fault.revertedAt, within: '5s',
  });
  assertions.probeRecovers({ after: fault, within: '30s' });
  const fresh = mcp.connect({ throw: false, newSession: true });
  const r = probeCall(fresh);
  check(r, { 'a new session works after the restarts': (x) => !x.error && !x.isError }, { kind: 'assertion', assertion: 'sessionsRecover' });
  for (const name of ALERTS) {
    assertions.alertResolves(name, { after: fault, within: '40s' });
  }
});
