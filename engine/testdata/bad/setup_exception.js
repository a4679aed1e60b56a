export function setup() { throw new Error('setup broke'); }
export default function () {}
