// `preset: 'systape'` in a Jest config: systape's matchers registered after the
// test environment is set up, and the serializer of syscall snapshots. Jest adds
// the user's own setupFilesAfterEnv and snapshotSerializers to these.
module.exports = {
  setupFilesAfterEnv: [require.resolve('./dist/jest-preset/setup.js')],
  snapshotSerializers: [require.resolve('./dist/jest-preset/serializer.js')],
};
