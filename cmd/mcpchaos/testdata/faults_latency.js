// A 500ms latency fault on the downstream slows the search tool's calls
// by about 500ms while it holds, and not after wait() says it has ended.
import { check } from 'k6';
import faults from 'k6/x/faults';
import mcp from 'k6/x/mcp';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

function median(client, n) {
  const ds = [];
  for (let i = 0; i < n; i++) {
    ds.push(client.callTool({ name: 'search', arguments: { query: `faults-${i}` } }).durationMs);
  }
  ds.sort((a, b) => a - b);
  return ds[Math.floor(n / 2)];
}

export default async function () {
  const client = mcp.connect();
  const before = median(client, 5);
  const f = faults.latency({ target: 'downstream', latency: '500ms', duration: '3s' });
  const during = median(client, 3);
  const pending = f.revertedAt === null;
  await f.wait();
  const after = median(client, 5);
  console.log('timings ' + JSON.stringify({ before, during, after, id: f.id, lasted: f.revertedAt - f.injectedAt }));
  check(f, {
    'in effect when returned': (h) => h.effectiveAt >= h.injectedAt && pending,
    'calls slower by ~500ms': () => during - before > 400 && during - before < 1000,
    'reverted after its 3s': (h) => h.revertedAt - h.injectedAt >= 3000,
    'calls fast again': () => after - before < 200,
  });
}
