// An old-style k6 script written as CommonJS: exports.options,
// exports.setup and exports.default work as their ES exports do.
var k6 = require('k6');

exports.options = { iterations: 2 };

exports.setup = function () { return { n: 7 }; };

exports.default = function (data) {
  k6.check(data, { 'setup data reaches a CommonJS default': function (d) { return d.n === 7; } });
};
