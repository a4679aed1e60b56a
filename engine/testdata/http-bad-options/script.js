// Invalid k6/http options are reported together, before the test runs.
export const options = {
  batch: -1,
  batchPerHost: -2,
  hosts: { 'bad:port:x': '127.0.0.1', 'ok.test': 'not a host:99999', '*x.test': '127.0.0.1' },
};

export default function () {}
