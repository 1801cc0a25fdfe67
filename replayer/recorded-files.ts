/**
 * The files a trace ran and mapped, on the machine replaying it. Replay runs the program's
 * own code: the executables, their loaders and the files they map must be the recorded ones.
 * A file that changed is taken from the copy the recorder kept where it can be (a mapping);
 * otherwise replay stops before it starts, naming the file, rather than diverging later in
 * a way that says nothing of why.
 */
import * as fs from 'node:fs';
import { SystapeError } from '../formats/errors';
import type { EndRecord, MappedFile, TraceHeader } from '../formats/trace/records';
import { cpuDescription, missingCpuFeatures } from '../recorder/cpu';
import { contentHash, sameVersion } from '../recorder/mapped-files';

function describe(size: number, mtimeMs: number): string {
  return `${size} bytes, modified ${new Date(mtimeMs).toISOString()}`;
}

/** True when `a` and `b` hold the same bytes. */
function sameContent(a: string, b: string): boolean {
  try {
    const x = fs.readFileSync(a);
    const y = fs.readFileSync(b);
    return x.equals(y);
  } catch {
    return false;
  }
}

/** The file as it is now, when it is not the recorded version: why not, in words. */
function changed(file: MappedFile): string | undefined {
  let now: fs.Stats;
  try {
    now = fs.statSync(file.path);
  } catch {
    return 'it is not there';
  }
  if (sameVersion(file, now)) return undefined;
  // another inode or time, the same bytes (another machine, a package reinstalled): as recorded
  if (now.size === file.size) {
    if (file.sha256 !== undefined) {
      if (contentHash(file.path, now) === file.sha256) return undefined;
    } else if (file.copy !== null && sameContent(file.path, file.copy)) {
      return undefined;
    }
  }
  return `it has changed (recorded: ${describe(file.size, file.mtimeMs)}; now: ${describe(now.size, now.mtimeMs)})`;
}

/**
 * Stop with `TRACE_CPU_DIFFERS` when the trace was recorded on a CPU with instruction-set
 * features this one lacks: the program may have used them (glibc, a JIT pick their code by
 * them), and replay cannot show it another CPU. Given `warn`, say so and go on.
 */
export function checkMachine(
  trace: string,
  header: TraceHeader,
  warn?: (message: string) => void,
): void {
  const here = cpuDescription();
  if (!header.cpu || !here) return;
  const missing = missingCpuFeatures(header.cpu, here);
  if (missing.length === 0) return;
  const what =
    `${trace} was recorded on a CPU with ${missing.join(', ')} (${header.cpu.model}), which ` +
    `this one (${here.model}) lacks`;
  if (warn) {
    warn(`${what}: replaying anyway`);
    return;
  }
  throw new SystapeError(
    'TRACE_CPU_DIFFERS',
    `${what}. The program may have used them, and replay cannot hide the difference: replay ` +
      'it on a CPU that has them, or with --allow-changed to try anyway.',
  );
}

/**
 * Stop with `TRACE_FILE_CHANGED` when a file the trace ran, or mapped without a copy kept,
 * is not here as it was recorded; or, given `warn` (replay against changed files, asked
 * for), say so through it and go on.
 */
export function checkRecordedFiles(
  trace: string,
  end: EndRecord | undefined,
  warn?: (message: string) => void,
  kept?: Map<string, string>,
): void {
  for (const file of end?.files ?? []) {
    if (kept?.has(file.path)) continue; // the trace brings it
    // a mapping is rebuilt from its copy (mappedFileSource)
    if (file.how !== 'exec' && file.copy !== null && fs.existsSync(file.copy)) continue;
    const why = changed(file);
    if (why === undefined) continue;
    const what = file.how === 'exec' ? 'runs' : 'maps';
    if (warn) {
      warn(`the program ${what} ${file.path}, and ${why}: replaying what the changed file does`);
      continue;
    }
    throw new SystapeError(
      'TRACE_FILE_CHANGED',
      `${trace} cannot be replayed here: the program ${what} ${file.path}, and ${why}. Replay ` +
        "runs the recorded program's own code, so it needs the files it ran as they were: " +
        'replay it where it was recorded, with those files unchanged; or, to see where the ' +
        'changed program goes another way, replay with --allow-changed.',
    );
  }
}

/**
 * Where replay reads each mapped file's recorded contents: the copy a packed trace keeps
 * (`kept`, by recorded path), else the file itself while it is unchanged, else the copy the
 * recorder kept. (A changed file without a copy was refused or warned about already, by
 * {@link checkRecordedFiles}: replay then maps it as it is.)
 */
export function mappedFileSource(
  end: EndRecord | undefined,
  kept?: Map<string, string>,
): (file: string) => string {
  const recorded = new Map((end?.files ?? []).map((f) => [f.path, f]));
  const chosen = new Map<string, string>(kept);
  return (file) => {
    let source = chosen.get(file);
    if (source !== undefined) return source;
    source = file;
    const then = recorded.get(file);
    if (then && then.copy !== null) {
      let now: fs.Stats | undefined;
      try {
        now = fs.statSync(file);
      } catch {
        now = undefined;
      }
      if ((!now || !sameVersion(then, now)) && fs.existsSync(then.copy)) source = then.copy;
    }
    chosen.set(file, source);
    return source;
  };
}
