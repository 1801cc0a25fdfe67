// `preset: 'systape'` in a Jest config: systape's matchers registered after the
// test environment is set up. Jest adds the user's own setupFilesAfterEnv to these.
module.exports = {
  setupFilesAfterEnv: [require.resolve('./dist/jest-preset/setup.js')],
};
