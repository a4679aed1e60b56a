import exec from 'k6/execution';
if (!__ENV.TARGET) exec.test.abort('no target');
export default function () {}
