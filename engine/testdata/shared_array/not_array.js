import { SharedArray } from 'k6/data';

const data = new SharedArray('config', function () { return { not: 'an array' }; });

export default function () { return data; }
