// The example project's own Jest configuration: plain JavaScript, no transform, no cache, so
// that a run starts quickly and reads nothing an earlier run left (systape catch runs it many
// times, and compares two of them).
module.exports = { testEnvironment: 'node', transform: {}, cache: false };
