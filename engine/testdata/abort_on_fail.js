// A failing abortOnFail threshold stops a long test after its first
// evaluation.
import { sleep } from 'k6';

export const options = {
  vus: 2, duration: '120s',
  thresholds: { iterations: [{ threshold: 'count<3', abortOnFail: true }] },
};

export default function () {
  sleep(0.05);
}
