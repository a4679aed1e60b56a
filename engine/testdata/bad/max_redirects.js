export const options = { iterations: 1, maxRedirects: -1 };
export default function () {}
