/** Where systape keeps what it caches between runs. */
import * as os from 'node:os';
import * as path from 'node:path';

/** `$XDG_CACHE_HOME/systape/<name>`, else `~/.cache/systape/<name>`. */
export function cacheDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'systape', name);
}
