export const options = { vus: 1, iteration: 3, scenarios: {} };
export default function () {}
