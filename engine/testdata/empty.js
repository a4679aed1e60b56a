// The empty iteration of the benchmarks; the imports make each VU hold
// the usual module instances.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

export default function () {}
