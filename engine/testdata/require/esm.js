// require() of an ES module file: the error says to import it.
const lib = require('./lib/esm.js');

export default function () { return lib; }
