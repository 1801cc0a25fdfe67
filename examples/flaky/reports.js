/**
 * Reports are files in a directory; the newest has the highest number. The bug: taking the
 * last entry a directory listing gives, as if directories listed their entries sorted. They
 * list them in hash order (ext4) or in the order they were created (tmpfs), which is not the
 * order of their numbers when they are written in another order.
 */
const fs = require('node:fs');
const path = require('node:path');

function writeReports(dir, names) {
  for (const name of names) fs.writeFileSync(path.join(dir, name), `${name}\n`);
}

/** The last entry of the directory as it lists them (fs.readdir would sort them: opendir does not). */
async function newestReport(dir) {
  let last;
  for await (const entry of await fs.promises.opendir(dir)) last = entry.name;
  return last;
}

module.exports = { writeReports, newestReport };
