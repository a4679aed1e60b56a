// A CommonJS file that throws: init code fails with its stack.
const lib = require('./lib/throws.js');

export default function () { return lib; }
