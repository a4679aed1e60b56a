export const options = {
  scenarios: {
    a: { executor: 'constant-arrival-rate', rate: 0, duration: '1s', preAllocatedVUs: 1 },
    b: { executor: 'shared-iterations', vus: 5, iterations: 2 },
  },
};
export default function () {}
