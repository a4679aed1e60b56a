exports.ok = true;
throw new Error('boom in a CommonJS file');
