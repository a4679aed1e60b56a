import { thing } from 'k6/x/nope';
export default function () { thing(); }
