#!/usr/bin/env node
// A small CLI that saves its settings the safe way: write a temporary file,
// fsync it, then rename it over the old one. If any step fails (a full disk),
// it says so, removes the temporary file and leaves the old settings as they were.
//   node save-config.js FILE KEY=VALUE...
const fs = require('node:fs');

const [file, ...pairs] = process.argv.slice(2);
let settings = {};
try {
  settings = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  // no settings yet
}
for (const pair of pairs) {
  const [key, value] = pair.split('=');
  settings[key] = value;
}
const tmp = `${file}.tmp-${process.pid}`;
try {
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
} catch (e) {
  fs.rmSync(tmp, { force: true });
  process.stderr.write(`save-config: cannot save ${file}: ${e.message}\n`);
  process.exit(1);
}
