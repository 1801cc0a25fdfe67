/**
 * Replay of a packed trace (`systape pack`): the files it keeps, in place of the replaying
 * machine's.
 *
 * Kept files are unpacked once into the file store, by SHA-256 (`<store>/blobs/<sha256>`).
 * Mapped files are then mapped from there. The programs the kernel loads at execve (the
 * executables and their ELF loaders) must be at their recorded paths: the C core runs the
 * program in a mount namespace where each directory holding one is overlaid with a
 * directory of the kept copies under the recorded names (recorder/native/file_view.c).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';
import { extractKeptFile, keptFiles } from '../formats/trace/files';
import type { EndRecord } from '../formats/trace/records';
import { fileStoreDir } from '../recorder/mapped-files';

/** What replay of a packed trace uses. */
export interface FileView {
  /** (directory, overlay option) pairs for the C core, parents first */
  mounts: [string, string][];
  /** recorded path of each kept file -> its unpacked copy */
  copies: Map<string, string>;
  /** remove the overlay layers (the unpacked copies stay in the store) */
  dispose(): void;
}

/** The nearest directory at or above `dir` that exists here. */
function existingAncestor(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if (fs.statSync(d).isDirectory()) return d;
    } catch {
      // not here: its parent
    }
    if (d === path.dirname(d)) return d;
  }
}

/** `lowerdir=` takes `:` and `,` as separators: escaped in paths. */
function escapeOption(p: string): string {
  return p.replace(/[\\:,]/g, (c) => `\\${c}`);
}

/** A hard link to `from` at `to`, or a copy where links cannot go (another filesystem). */
function place(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
  fs.chmodSync(to, 0o555);
}

/**
 * A new directory for the overlay layers: beside the unpacked copies, so that the layers
 * hold links to them rather than copies, unless that is inside a directory to overlay
 * (overlayfs refuses a layer inside another).
 */
function viewRoot(store: string, overlaid: string[]): string {
  const inside = (p: string) => overlaid.some((d) => p === d || p.startsWith(d + path.sep));
  for (const base of [
    path.join(store, 'views'),
    path.join(os.tmpdir(), 'systape-views'),
    '/dev/shm/systape-views',
  ]) {
    if (inside(base)) continue;
    try {
      fs.mkdirSync(base, { recursive: true, mode: 0o700 });
      return fs.mkdtempSync(path.join(base, 'view-'));
    } catch {
      // not writable: the next
    }
  }
  throw new SystapeError(
    'FILE_VIEW',
    `no directory to lay out the packed files in, outside ${overlaid.join(', ')}`,
  );
}

/** The view of the files `trace` keeps; undefined when it keeps none. */
export function prepareFileView(
  trace: string,
  end: EndRecord | undefined,
  store: string = fileStoreDir(),
): FileView | undefined {
  const wanted = new Set((end?.files ?? []).flatMap((f) => (f.sha256 ? [f.sha256] : [])));
  const kept = keptFiles(trace, wanted);
  if (kept.length === 0) return undefined;
  const blobs = new Map<string, string>();
  for (const file of kept) {
    const blob = path.join(store, 'blobs', file.sha256);
    if (!fs.existsSync(blob)) extractKeptFile(file, blob);
    blobs.set(file.sha256, blob);
  }
  const copies = new Map<string, string>();
  // directory overlaid -> the files run from it, with their unpacked copies
  const run = new Map<string, { file: string; blob: string }[]>();
  for (const file of end?.files ?? []) {
    const blob = file.sha256 && blobs.get(file.sha256);
    if (!blob) continue;
    copies.set(file.path, blob);
    if (file.how !== 'exec') continue;
    const dir = existingAncestor(path.dirname(file.path));
    run.set(dir, [...(run.get(dir) ?? []), { file: file.path, blob }]);
  }
  const root = run.size ? viewRoot(store, [...run.keys()]) : undefined;
  const layers = new Map<string, string>();
  for (const [dir, files] of run) {
    const layer = path.join(root as string, String(layers.size));
    layers.set(dir, layer);
    for (const { file, blob } of files) place(blob, path.join(layer, path.relative(dir, file)));
  }
  const mounts = [...layers]
    .sort(([a], [b]) => a.length - b.length)
    .map(([dir, layer]): [string, string] => [
      dir,
      `lowerdir=${escapeOption(layer)}:${escapeOption(dir)}`,
    ]);
  return {
    mounts,
    copies,
    dispose: () => {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
