// The script's own execution options, which K6_* variables and flags
// override (k6's precedence: flag > environment > script). Each iteration
// records the VU that ran it; the threshold fails unless
// --no-thresholds / K6_NO_THRESHOLDS turns thresholds off.
import { Counter } from 'k6/metrics';
import { sleep } from 'k6';

const byVU = new Counter('iterations_by_vu');

export const options = {
  vus: 1,
  iterations: 1,
  summaryTrendStats: ['avg', 'med'],
  thresholds: { iterations_by_vu: ['count<0'] },
};

export default function () {
  byVU.add(1, { vu: String(__VU) });
  sleep(0.05);
}
