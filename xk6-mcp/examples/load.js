// Load with what mcpchaos adds: mcp.connect (URL from mcpchaos.yaml when
// MCP_URL is unset), a traceparent per call to find each call again in
// the pipeline, error_type tags, and thresholds on them.
import mcp from 'k6/x/mcp';
import { check } from 'k6';

export const options = {
  vus: 10,
  duration: '30s',
  thresholds: {
    'mcp_request_duration{method:CallTool}': ['p(95)<500'],
    'mcp_request_errors': ['count==0'],
    'mcp_request_count{status:error}': ['count<10'],
  },
};

// Created in init code: one session per VU, connected at the first call.
const client = mcp.connect(__ENV.MCP_URL, { timeout: '5s', throw: false, tags: { suite: 'load' } });

export default function () {
  const r = client.callTool({ name: 'echo', arguments: { message: `vu ${__VU} iter ${__ITER}` } });
  check(r, {
    'no error': (res) => !res.error,
    'not a tool error': (res) => res.isError === false,
    'traced': (res) => res.traceparent === `00-${res.traceId}-${res.spanId}-01`,
  });
  if (r.error) {
    console.warn(`call failed (${r.error.type}) trace ${r.traceId}: ${r.error.message}`);
  }
}
