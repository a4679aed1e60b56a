// traffic.js — the traced MCP load every scenario runs while it judges
// the pipeline: agent-like tool calls on the server under test, each with
// a fresh W3C traceparent (header and params._meta), so each one can be
// looked up afterwards in the logs and traces backends by its trace id.
//
// Calls carry secrets at several depths of their arguments: the server
// must redact them from its logs (baseline's logsNeverContain).
import mcp from 'k6/x/mcp';
import { check } from 'k6';

/** Secrets the calls send; none may ever appear in a log line. */
export const SECRETS = [
  'mcpchaos-canary-token-4f1d9a',
  'mcpchaos-canary-password-8b2e7c',
  'mcpchaos-canary-apikey-3c6a0f',
];

/** The tool every traced call uses: it calls the downstream. */
export const TOOL = __ENV.MCPCHAOS_TOOL || 'search';

// Sampled and unsampled calls go through separate sessions; calls throw
// nothing (a fault makes them fail on purpose): results say isError.
const sampled = mcp.connect({ throw: false });
const unsampled = mcp.connect({ throw: false, sampled: false, newSession: true });

function args(i) {
  return {
    query: `mcpchaos ${__VU}-${i}`,
    limit: 3,
    token: SECRETS[0],
    auth: { password: SECRETS[1], nested: [{ api_key: SECRETS[2] }] },
  };
}

/**
 * One iteration of traffic: a sampled call of TOOL; every fifth
 * iteration an unsampled one too (ParentBased sampling must leave no
 * trace of it). Returns the sampled call's result.
 */
export function traffic() {
  const r = sampled.callTool({ name: TOOL, arguments: args(__ITER) });
  check(r, { 'traffic call answered': (x) => !x.error && !x.isError }, { kind: 'traffic' });
  if (__ITER % 5 === 4) {
    unsampled.callTool({ name: TOOL, arguments: args(__ITER) });
  }
  return r;
}

/** One call of TOOL for a scenario's own use (its trace judged). */
export function probeCall(client) {
  return (client || sampled).callTool({ name: TOOL, arguments: args(-1) });
}

/**
 * A k6 scenario of steady traffic: rate calls per second (default 5,
 * MCPCHAOS_RATE) from startTime for duration, run by the exported
 * function exec (default 'traffic'). The default keeps a 1.5s downstream
 * delay within the reference server's bulkhead (10 calls in flight): a
 * heavier load makes a latency fault shed calls, which is an error-rate
 * incident of its own.
 */
export function load(startTime, duration, rate, exec) {
  return {
    executor: 'constant-arrival-rate',
    exec: exec || 'traffic',
    rate: Number(__ENV.MCPCHAOS_RATE || rate || 5),
    timeUnit: '1s',
    duration,
    startTime,
    preAllocatedVUs: 4,
    maxVUs: 40,
    gracefulStop: '5s',
    tags: { kind: 'traffic' },
  };
}

/** A scenario that runs exec once on one VU from startTime. */
export function once(exec, startTime, maxDuration) {
  return {
    executor: 'per-vu-iterations',
    exec,
    vus: 1,
    iterations: 1,
    startTime,
    maxDuration: maxDuration || '3m',
    gracefulStop: '30s',
  };
}
