// Each stage throws when __ENV.WHERE names it, synchronously or (ASYNC=1)
// after an await, or (ASYNC=floating) in a promise nobody awaits or
// catches, or (ASYNC=timer) in a setTimeout callback nobody waits for. The Go test expects the same outcome from all three modes.
import { check } from 'k6';

export const options = {
  scenarios: {
    main: { executor: 'shared-iterations', iterations: 2, exec: __ENV.WHERE === 'default' ? 'default' : 'named' },
  },
};

async function tick() { await Promise.resolve(); }

function boom(where) {
  if (__ENV.WHERE !== where) return undefined;
  const err = new Error(`boom in ${where}`);
  if (__ENV.ASYNC === '1') return tick().then(() => { throw err; });
  if (__ENV.ASYNC === 'floating') { Promise.reject(err); return undefined; }
  if (__ENV.ASYNC === 'timer') { setTimeout(() => { throw err; }, 10); return undefined; }
  throw err;
}

export async function setup() {
  await tick();
  await boom('setup');
  return { answer: 42 };
}

export async function named(data) {
  check(data, { 'setup data arrives resolved': (d) => d && d.answer === 42 });
  await boom('named');
}

export default async function (data) {
  check(data, { 'setup data arrives resolved': (d) => d && d.answer === 42 });
  await boom('default');
}

export async function teardown(data) {
  await boom('teardown');
}

export async function handleSummary(data) {
  await tick();
  await boom('handleSummary');
  return { stdout: `custom summary: checks passed ${data.metrics.checks.values.passes}\n` };
}
