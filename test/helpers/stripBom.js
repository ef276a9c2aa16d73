// strip-bom 5 (used by @microsoft/app-manifest) is an ES module that jest cannot load on Node 20;
// this CommonJS stand-in does the same job. jest.config.js maps 'strip-bom' here.
module.exports = (text) => (typeof text === 'string' ? text.replace(/^\uFEFF/, '') : text);
module.exports.default = module.exports;
