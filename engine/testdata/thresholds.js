// Thresholds that pass or fail depending on -e FAIL.
import { check } from 'k6';

export const options = {
  iterations: 5,
  thresholds: {
    checks: [__ENV.FAIL ? 'rate==1' : 'rate>=0'],
    iteration_duration: ['p(95)<5000'],
  },
};

export default function () {
  check(1, { 'one fails': () => __ITER !== 0 });
}
