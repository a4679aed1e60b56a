// suite.js — the whole fault suite, one verdict. Steady traced traffic
// runs throughout; each fault scenario of this folder runs in its own
// phase (a k6 scenario with a startTime), after a recovery gap that is
// checked: a phase starts only once no alert of the last one still fires.
// Thresholds on checks{kind:assertion} decide the exit code; time to
// detect per alert is the time_to_detect trend, with budgets.
//
//   mcpchaos run scenarios/suite.js --config .stack/mcpchaos.yaml
import { traffic, load, once } from './lib/traffic.js';
import { baseline } from './baseline.js';
import { downstreamLatency } from './downstream-latency.js';
import { downstreamErrors } from './downstream-errors.js';
import { oomKill, allocate, leak } from './oom-kill.js';
import { tlsExpiry } from './tls-expiry.js';
import { shipperOutage } from './shipper-outage.js';

export { traffic, allocate, baseline, downstreamLatency, downstreamErrors, oomKill, tlsExpiry, shipperOutage };

// Each phase: its scenario function, when it starts (seconds into the
// run), how long it may take (the next starts after it), and its
// detection budgets: how soon after the fault the webhook sink must have
// each alert (the fast profile's windows plus delivery; SUITE_BUDGET
// scales them, e.g. 4 for the prod profile's rules... or set your own).
const PHASES = [
  ['baseline', 0, 34, {}],
  ['downstreamLatency', 34, 42, { MCPToolHighLatency: 30 }],
  ['downstreamErrors', 76, 40, { MCPCircuitBreakerOpen: 20, MCPToolHighErrorRate: 30 }],
  ['oomKill', 116, 44, { MCPProbeFailing: 40, MCPServerOOMKilled: 30 }],
  ['tlsExpiry', 160, 42, { MCPTLSCertExpired: 20 }],
  ['shipperOutage', 202, 34, { MCPLogPipelineStalled: 30 }],
];
const BUDGET = Number(__ENV.SUITE_BUDGET || 1);

const only = (__ENV.SUITE_ONLY || '').split(',').filter((x) => x);

// phases are the k6 scenarios of the phases run (SUITE_ONLY=a,b picks
// some, back to back) and their thresholds.
function phases() {
  const out = { scenarios: {}, thresholds: { 'checks{kind:assertion}': ['rate==1'] }, end: 0 };
  let skipped = 0;
  for (const [name, start, max, budgets] of PHASES) {
    if (only.length && !only.includes(name)) {
      skipped += max;
      continue;
    }
    out.scenarios[name] = once(name, `${start - skipped}s`, `${max}s`);
    out.end = start - skipped + max;
    out.last = name;
    if (name === 'oomKill') {
      out.scenarios.leak = leak(`${start - skipped}s`, '20s');
    }
    for (const [alert, seconds] of Object.entries(budgets)) {
      out.thresholds[`time_to_detect{assertion:alertFires,stage:webhook,alert:${alert}}`] = [`max<${seconds * 1000 * BUDGET}`];
    }
  }
  return out;
}

const { scenarios, thresholds, end, last } = phases();
// Nothing follows the last phase: it may take as long as a broken
// pipeline makes its expectations wait.
scenarios[last].maxDuration = '3m';

export const options = {
  scenarios: Object.assign({ traffic: load('0s', `${end}s`) }, scenarios),
  thresholds,
};
