var math = require('./math.js');
exports.greet = function (name) { return 'hello, ' + name + ' (' + math.add(2, 3) + ')'; };
