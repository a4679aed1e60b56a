// load.js — staging load with the traffic mix MCP load tests use, no
// faults: agent sessions calling several tools with think time,
// discovery clients listing tools, resources and prompts, session churn
// (a new session every iteration), and a ramping-arrival-rate stress
// stream. Thresholds on p95 latency and the error rate decide the exit
// code. Point it at any MCP server (mcpchaos.yaml's mcp.url or MCP_URL);
// LOAD_SCALE multiplies every rate and VU count.
//
//   mcpchaos run scenarios/load.js --config .stack/mcpchaos.yaml
//   mcpchaos run scenarios/load.js -e MCP_URL=https://staging.example/mcp -e LOAD_SCALE=10
import mcp from 'k6/x/mcp';
import { check, sleep } from 'k6';
import { Rate } from 'k6/metrics';

// The share of tool calls that failed (no result, or isError).
const toolErrors = new Rate('tool_errors');

const SCALE = Number(__ENV.LOAD_SCALE || 1);
const TOOL = __ENV.LOAD_TOOL || 'search';
const ECHO = __ENV.LOAD_ECHO_TOOL || 'echo';
const url = __ENV.MCP_URL;
const n = (x) => Math.max(1, Math.round(x * SCALE));

export const options = {
  scenarios: {
    agents: {
      executor: 'constant-vus', exec: 'agent', vus: n(5), duration: __ENV.LOAD_DURATION || '30s',
      tags: { traffic: 'agent' },
    },
    discovery: {
      executor: 'constant-arrival-rate', exec: 'discovery', rate: n(2), timeUnit: '1s',
      duration: __ENV.LOAD_DURATION || '30s', preAllocatedVUs: n(2), maxVUs: n(10),
      tags: { traffic: 'discovery' },
    },
    churn: {
      executor: 'constant-arrival-rate', exec: 'churn', rate: n(2), timeUnit: '1s',
      duration: __ENV.LOAD_DURATION || '30s', preAllocatedVUs: n(2), maxVUs: n(20),
      tags: { traffic: 'churn' },
    },
    stress: {
      executor: 'ramping-arrival-rate', exec: 'stress', startRate: n(1), timeUnit: '1s',
      preAllocatedVUs: n(5), maxVUs: n(50),
      stages: [
        { target: n(10), duration: '10s' },
        { target: n(20), duration: '10s' },
        { target: 0, duration: '5s' },
      ],
      startTime: '5s',
      tags: { traffic: 'stress' },
    },
  },
  thresholds: {
    'mcp_request_duration{method:CallTool}': ['p(95)<500'],
    'mcp_request_duration{method:ListAllTools}': ['p(95)<300'],
    'tool_errors': ['rate<0.01'],
    'checks': ['rate>0.99'],
  },
};

/** call makes a tool call and counts it in tool_errors. */
function call(c, name, args) {
  const r = c.callTool({ name, arguments: args });
  toolErrors.add(!!r.error || !!r.isError);
  return r;
}

function client(extra) {
  const o = Object.assign({ throw: false }, extra || {});
  return url ? mcp.connect(url, o) : mcp.connect(o);
}

const session = client();

/** An agent: a few tool calls in a row with think time between them. */
export function agent() {
  const r = call(session, TOOL, { query: `agent ${__VU}-${__ITER}`, limit: 3 });
  check(r, { 'agent call ok': (x) => !x.error && !x.isError });
  sleep(0.5 + Math.random());
  const e = call(session, ECHO, { message: `step ${__ITER}` });
  check(e, { 'agent echo ok': (x) => !x.error && !x.isError });
  sleep(1 + Math.random());
}

/** A discovery client: what an IDE does when it connects. */
export function discovery() {
  const t = session.listAllTools();
  check(t, { 'tools listed': (x) => !x.error && x.tools.length > 0 });
  const r = session.listAllResources();
  check(r, { 'resources listed': (x) => !x.error || x.error.code === -32601 });
  const p = session.listAllPrompts();
  check(p, { 'prompts listed': (x) => !x.error || x.error.code === -32601 });
}

/** Session churn: a new session for one call, closed at once. */
export function churn() {
  const c = client({ newSession: true });
  const r = call(c, ECHO, { message: 'churn' });
  check(r, { 'churn call ok': (x) => !x.error && !x.isError });
  c.close();
}

/** The stress stream: tool calls at a ramping rate. */
export function stress() {
  const r = call(session, TOOL, { query: `stress ${__ITER}`, limit: 1 });
  check(r, { 'stress call ok': (x) => !x.error && !x.isError });
}
