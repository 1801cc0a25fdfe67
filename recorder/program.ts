/**
 * Finding the program to run the way a shell does, so that a missing or
 * non-executable program gets a shell's message and exit status (127/126)
 * before anything is traced or written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';

/** The program could not be started; `exitStatus` is what a shell would return. */
export class ProgramError extends SystapeError {
  override readonly name: string = 'ProgramError';
  declare readonly code: 'PROGRAM_NOT_FOUND' | 'PROGRAM_NOT_EXECUTABLE';
  readonly program: string;
  /** 127 (not found) or 126 (found but not executable), as a shell reports */
  readonly exitStatus: number;

  constructor(
    code: 'PROGRAM_NOT_FOUND' | 'PROGRAM_NOT_EXECUTABLE',
    program: string,
    reason: string,
  ) {
    super(code, `${program}: ${reason}`);
    this.program = program;
    this.exitStatus = code === 'PROGRAM_NOT_FOUND' ? 127 : 126;
  }
}

function checkExecutable(file: string, shown: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new ProgramError('PROGRAM_NOT_FOUND', shown, 'No such file or directory');
  }
  if (st.isDirectory()) throw new ProgramError('PROGRAM_NOT_EXECUTABLE', shown, 'Is a directory');
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new ProgramError('PROGRAM_NOT_EXECUTABLE', shown, 'Permission denied');
  }
  return file;
}

/**
 * Resolve `name` to an executable file: as a path when it contains a slash,
 * else through `searchPath` (a PATH value). Throws {@link ProgramError}.
 */
export function resolveProgram(name: string, searchPath: string | undefined, cwd: string): string {
  if (name === '') throw new ProgramError('PROGRAM_NOT_FOUND', "''", 'command not found');
  if (name.includes('/')) return checkExecutable(path.resolve(cwd, name), name);
  let denied: string | undefined;
  for (const dir of (searchPath ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    const candidate = path.resolve(cwd, dir || '.', name);
    try {
      if (!fs.statSync(candidate).isFile()) continue;
    } catch {
      continue;
    }
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      denied ??= candidate;
    }
  }
  if (denied) throw new ProgramError('PROGRAM_NOT_EXECUTABLE', name, 'Permission denied');
  throw new ProgramError('PROGRAM_NOT_FOUND', name, 'command not found');
}
