export const options = { scenarios: { s: { executor: 'constant-vu', vus: 1, duration: '1s' } } };
export default function () {}
