// smoke.js — steady MCP load on the server under test.
//
// Every VU holds one MCP session (from mcpchaos.yaml's `mcp` section, or
// MCP_URL) and calls the reference server's `search` tool, which goes
// through toxiproxy to the downstream, plus `echo`. Every call carries a
// fresh W3C traceparent, so each one can be found afterwards in the traces
// and logs backends by its trace id.
//
//   mcpchaos run scenarios/smoke.js --config .stack/mcpchaos.yaml
//   mcpchaos run scenarios/smoke.js -e MCP_URL=http://127.0.0.1:8080/mcp
import mcp from 'k6/x/mcp';
import { check } from 'k6';
import { Counter } from 'k6/metrics';

const traced = new Counter('smoke_traced_calls');

export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.SMOKE_RATE || 20),
      timeUnit: '1s',
      duration: __ENV.SMOKE_DURATION || '20s',
      preAllocatedVUs: 4,
      maxVUs: 20,
    },
  },
  thresholds: {
    'mcp_request_duration{method:CallTool}': ['p(95)<500'],
    'mcp_request_errors': ['count==0'],
    'checks': ['rate==1'],
    'smoke_traced_calls': ['count>0'],
  },
};

const client = __ENV.MCP_URL ? mcp.connect(__ENV.MCP_URL) : mcp.connect();

export default function () {
  const search = client.callTool({ name: 'search', arguments: { query: `smoke ${__VU}-${__ITER}`, limit: 3 } });
  check(search, {
    'search answered': (r) => !r.isError && r.content.length > 0,
    'search carries a trace id': (r) => /^[0-9a-f]{32}$/.test(r.traceId),
  });
  if (search.traceId) {
    traced.add(1);
  }
  const echo = client.callTool({ name: 'echo', arguments: { message: 'hello', token: 'not-a-real-secret' } });
  check(echo, { 'echo echoes': (r) => r.content[0].text.includes('hello') });
}
