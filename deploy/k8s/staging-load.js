// staging-load.js — the load test the Kubernetes Job runs (and any
// instance of a segmented test): an open-model arrival rate of tool
// calls, each iteration one callTool on the VU's session, split exactly
// between the instances by --execution-segment.
//
// Safety for a staging target: mcpchaos run refuses a non-loopback
// MCP_URL unless --allow-remote is given; --max-rps caps the calls per
// second whatever the rate below says; and the abortOnFail threshold on
// tool_errors stops the test (exit 99) as soon as more than 5 % of the
// calls fail, after delayAbortEval gives the first calls time to land.
//
//   mcpchaos run deploy/k8s/staging-load.js -e MCP_URL=http://127.0.0.1:8080/mcp
//   mcpchaos run deploy/k8s/staging-load.js --allow-remote --max-rps 2000 \
//     -e MCP_URL=https://staging.example/mcp -e RATE=1000 -e DURATION=10m
import mcp from 'k6/x/mcp';
import { Rate } from 'k6/metrics';

// The share of tool calls that failed (no result, or isError).
const toolErrors = new Rate('tool_errors');

const rate = Number(__ENV.RATE || 100);
const vus = Number(__ENV.VUS || Math.max(10, Math.ceil(rate / 20)));

export const options = {
  scenarios: {
    calls: {
      executor: 'constant-arrival-rate',
      rate, timeUnit: '1s', duration: __ENV.DURATION || '30s',
      preAllocatedVUs: vus, maxVUs: Number(__ENV.MAX_VUS || vus * 2), gracefulStop: '5s',
    },
  },
  thresholds: {
    tool_errors: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: __ENV.ABORT_DELAY || '5s' }],
    mcp_request_duration: ['p(95)<' + (__ENV.P95_MS || '500')],
  },
};
// A test-only threshold on the whole test's size: each instance of a
// segmented test stays below it, the merged test does not.
if (__ENV.ITERATIONS_BELOW) {
  options.thresholds.iterations = ['count<' + __ENV.ITERATIONS_BELOW];
}

const client = mcp.connect(__ENV.MCP_URL, { throw: false });
const tool = __ENV.TOOL || 'noop';

export default function () {
  const res = client.callTool({ name: tool });
  toolErrors.add(!res || res.isError === true || !!res.error);
}
