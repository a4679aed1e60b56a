// shipper-outage.js — the log shipper stops while load continues.
// MCPLogPipelineStalled must fire within its window and no line may
// arrive while the shipper is down; once it is back, every line written
// just before and during the outage must arrive exactly once
// (completeness by trace id), with the ingest lag reported.
//
//   mcpchaos run scenarios/shipper-outage.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import { sleep } from 'k6';
import { traffic, load, once, TOOL } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

export const options = {
  scenarios: {
    traffic: load('0s', '60s'),
    shipperOutage: once('shipperOutage', '5s', '2m'),
  },
  thresholds,
};

const TARGET = __ENV.MCPCHAOS_SHIPPER_TARGET || 'log-shipper';
const SERVICE = __ENV.MCPCHAOS_LOG_SERVICE || 'mcp-server';

export const shipperOutage = judged('shipperOutage', async () => {
  quiet('60s');
  // Lines shipped before the outage must not come back after it: let the
  // traffic make some first (a phase run on its own starts with it).
  for (let i = 0; i < 10 && assertions.calls({ since: Date.now() - 5000, tool: TOOL, ok: true }).length < 10; i++) {
    sleep(1);
  }
  const fault = faults.stop({ target: TARGET, duration: '15s' });
  const stalled = assertions.background.alertFires('MCPLogPipelineStalled', { since: fault, within: '20s' });
  // While the shipper is down nothing arrives: lines of calls made after
  // it stopped are not in the backend.
  sleep(5);
  const early = assertions.calls({ since: fault.effectiveAt, tool: TOOL });
  assertions.logsAbsent({
    selector: { service: SERVICE },
    since: fault.effectiveAt, within: '1s', control: true,
  });
  await stalled.wait();
  await fault.wait();
  // Calls from before the outage (their lines shipped already) and
  // during it (shipped after the restart): one line per call of the
  // server's own (the downstream logs the same trace id too), exactly one
  // after the restart — the shipper resumed from its checkpoints — or a
  // line was lost or shipped twice.
  const before = assertions.calls({ since: fault.injectedAt - 5000, until: fault.injectedAt, tool: TOOL, ok: true });
  const during = assertions.calls({ since: fault.effectiveAt, until: fault.revertedAt, tool: TOOL });
  assertions.logsComplete({
    ids: before.concat(during), selector: { service: SERVICE }, since: fault.injectedAt - 6000, until: fault.revertedAt + 5000,
    within: '40s', exact: true,
  });
  assertions.noAlertsFire({ since: fault, until: fault.revertedAt, except: ['MCPLogPipelineStalled', 'MCPChaosComponentDown'] });
  assertions.alertResolves('MCPLogPipelineStalled', { after: fault, within: '40s' });
  assertions.verify('calls were made just before the shipper stopped', before.length > 0, {
    value: before.length, why: `${before.length} calls in the 5s before the outage`, faultId: fault,
  });
  assertions.verify('calls were made while the shipper was down', early.length > 0, {
    value: early.length, why: `${early.length} calls in the first 5s of the outage`, faultId: fault,
  });
});
