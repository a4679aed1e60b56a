const cfg = JSON.parse('{broken');
export default function () {}
