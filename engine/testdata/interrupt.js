// Long iterations: gracefulStop decides whether they finish.
import { sleep } from 'k6';

export const options = {
  scenarios: {
    main: { executor: 'constant-vus', vus: 1, duration: '300ms', gracefulStop: __ENV.GRACE },
  },
};

export default function () {
  sleep(Number(__ENV.SLEEP));
}

export function teardown() {
  console.log('teardown ran');
}
