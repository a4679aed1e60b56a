import { hello } from './words.js';

export function greet(name) { return `${hello}, ${name}!`; }
