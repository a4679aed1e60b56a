// A timer callback that throws fails its iteration, and the iteration's
// other timers die with it: none fires into the next iteration. An
// interval nobody clears keeps its iteration alive until the scenario
// ends (gracefulStop 0s interrupts it), as in k6.
import { check } from 'k6';

export const options = {
  scenarios: {
    throws: { executor: 'per-vu-iterations', vus: 1, iterations: 3, exec: 'throws' },
    forever: { executor: 'constant-vus', vus: 1, duration: '300ms', gracefulStop: '0s', exec: 'forever' },
  },
};

export function throws() {
  setTimeout(() => { throw new Error(`timer boom in iteration ${__ITER}`); }, 10);
  setTimeout(() => check(null, { 'a timer of a failed iteration fired': () => false }), 60);
  check(null, { 'iteration started': () => true });
}

export function forever() {
  setInterval(() => {}, 20);
}
