/**
 * Settings: defaults overridden by the user's file. The bug: both files are read at once and
 * merged in the order the reads complete, so when the defaults arrive last they win.
 */
const fs = require('node:fs');

async function loadSettings(defaultsFile, userFile) {
  const merged = {};
  const read = (file) => fs.promises.readFile(file, 'utf8').then((text) => JSON.parse(text));
  await Promise.all([
    read(defaultsFile).then((s) => Object.assign(merged, s)),
    read(userFile).then((s) => Object.assign(merged, s)),
  ]);
  return merged;
}

module.exports = { loadSettings };
