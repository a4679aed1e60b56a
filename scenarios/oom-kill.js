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
import { traffic, load, once, probeCall } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

// The leak: an OOM limit is met by a server that allocates. The
// reference server's allocate tool holds memory for a while, as a leak
// would; for another server name a tool (and its arguments, as JSON)
// that makes it allocate, or leave MCPCHAOS_LEAK_TOOL empty to rely on
// the traffic alone.
const LEAK_TOOL = __ENV.MCPCHAOS_LEAK_TOOL === undefined ? 'allocate' : __ENV.MCPCHAOS_LEAK_TOOL;
const LEAK_ARGS = JSON.parse(__ENV.MCPCHAOS_LEAK_ARGS || '{"mib": 16, "hold_ms": 3000}');
const leaker = mcp.connect({ throw: false, newSession: true });

/** A scenario that makes the server allocate from startTime for duration. */
export function leak(startTime, duration) {
  return {
    executor: 'constant-arrival-rate', exec: 'allocate', rate: LEAK_TOOL ? 2 : 0, timeUnit: '1s',
    startTime, duration, preAllocatedVUs: 2, maxVUs: 8, gracefulStop: '1s',
  };
}

export function allocate() {
  if (LEAK_TOOL) {
    leaker.callTool({ name: LEAK_TOOL, arguments: LEAK_ARGS });
  }
}

export const options = {
  scenarios: {
    traffic: load('0s', '60s'),
    leak: leak('5s', '20s'),
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
  assertions.noAlertsFire({ since: fault, until: fault.revertedAt, except: [...ALERTS, 'MCPChaosComponentDown', 'MCPToolHighErrorRate', 'MCPLogPipelineStalled', 'MCPErrorLogSpike'] });
  assertions.logsAbsent({
    selector: { message: __ENV.MCPCHAOS_SHUTDOWN_MESSAGE || 'shutdown' },
    since: fault.injectedAt, until: fault.revertedAt, within: '5s',
  });
  assertions.probeRecovers({ after: fault, within: '30s' });
  const fresh = mcp.connect({ throw: false, newSession: true });
  const r = probeCall(fresh);
  assertions.verify('a new session works after the restarts', !r.error && !r.isError, {
    why: r.error ? `${r.error.type}: ${r.error.message}` : (r.isError ? 'the tool answered isError' : 'it answered'),
    faultId: fault,
  });
  for (const name of ALERTS) {
    assertions.alertResolves(name, { after: fault, within: '40s' });
  }
});
