export const options = { scenarios: { s: { executor: 'shared-iterations', exec: 'nothere' } } };
export default function () {}
