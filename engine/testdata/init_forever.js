// Init code that never ends unless interrupted.
export const options = { iterations: 1 };
while (true) {}
export default function () {}
