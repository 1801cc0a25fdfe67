/** systape's own version, from its package.json (cheap: no native code loaded). */
import * as fs from 'node:fs';
import * as path from 'node:path';

let version: string | undefined;

/** The version in systape's package.json, or "0.0.0" if it cannot be read. */
export function systapeVersion(): string {
  version ??= readVersion();
  return version;
}

function readVersion(): string {
  // package.json sits above both recorder/ and dist/recorder/.
  for (const rel of ['..', '../..']) {
    try {
      const file = path.join(__dirname, rel, 'package.json');
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'systape' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
