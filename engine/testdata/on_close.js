import { touch } from 'k6/x/closer';

export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 2 } } };

export default function () {
  touch();
}
