export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', rate: 3 } } };
export default function () {}
