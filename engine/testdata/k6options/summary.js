// handleSummary's data carries setup()'s value as setup_data, and an
// async handleSummary is awaited.
export const options = { iterations: 1 };

export function setup() { return { token: 'abc', n: 2 }; }

export default function () {}

export async function handleSummary(data) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { stdout: `setup_data token=${data.setup_data.token} n=${data.setup_data.n}\n` };
}
