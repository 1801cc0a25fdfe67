/**
 * Typed errors shared across systape. Every error the library throws on purpose
 * is a {@link SystapeError} with a stable `code`, so callers (the CLI, the Jest
 * preset) can branch on `err.code` instead of parsing messages.
 */

/** Version of a trace format: `major` changes break readers, `minor` ones do not. */
export interface FormatVersion {
  major: number;
  minor: number;
}

/** Base class of every error systape throws on purpose. */
export class SystapeError extends Error {
  override readonly name: string = 'SystapeError';
  /** stable, machine-readable code, e.g. `TRACE_CORRUPT` */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The file is not a usable systape trace.
 *
 * - `TRACE_NOT_SYSTAPE`: empty or foreign file (wrong magic).
 * - `TRACE_TRUNCATED`: the file ends before its header chunk is complete, so
 *   nothing in it can be read (a trace cut later is not an error: readers
 *   report it as `truncated`).
 * - `TRACE_CORRUPT`: a chunk in the middle of the file is damaged (bad chunk
 *   magic, CRC mismatch, undecodable payload or record); `offset` names where.
 */
export class TraceFormatError extends SystapeError {
  override readonly name: string = 'TraceFormatError';
  declare readonly code: 'TRACE_NOT_SYSTAPE' | 'TRACE_TRUNCATED' | 'TRACE_CORRUPT';
  /** the trace file, when the error came from reading one */
  readonly path: string | undefined;
  /** byte offset in the file of the damaged chunk, when known */
  readonly offset: number | undefined;

  constructor(
    code: 'TRACE_NOT_SYSTAPE' | 'TRACE_TRUNCATED' | 'TRACE_CORRUPT',
    message: string,
    context: { path?: string; offset?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: context.cause });
    this.path = context.path;
    this.offset = context.offset;
  }
}

/** The trace was written in a major format version this systape cannot read. */
export class TraceVersionError extends SystapeError {
  override readonly name: string = 'TraceVersionError';
  declare readonly code: 'TRACE_VERSION';
  readonly path: string | undefined;
  /** the version the file declares */
  readonly found: FormatVersion;
  /** the version this systape writes (and reads, for any minor of its major) */
  readonly supported: FormatVersion;

  constructor(found: FormatVersion, supported: FormatVersion, path?: string) {
    const where = path === undefined ? '' : `${path}: `;
    const relation =
      found.major > supported.major
        ? `is newer than this systape supports (${supported.major}.x); upgrade systape`
        : `is older than this systape supports (${supported.major}.x); re-record it or use an older systape`;
    super('TRACE_VERSION', `${where}trace format ${found.major}.${found.minor} ${relation}`);
    this.path = path;
    this.found = found;
    this.supported = supported;
  }
}

/** The trace file does not exist. */
export class TraceNotFoundError extends SystapeError {
  override readonly name: string = 'TraceNotFoundError';
  declare readonly code: 'TRACE_NOT_FOUND';
  readonly path: string;

  constructor(path: string, options?: { cause?: unknown }) {
    super('TRACE_NOT_FOUND', `trace file not found: ${path}`, options);
    this.path = path;
  }
}

/** The trace file exists but cannot be read (permissions, a directory, an I/O error). */
export class TraceUnreadableError extends SystapeError {
  override readonly name: string = 'TraceUnreadableError';
  declare readonly code: 'TRACE_UNREADABLE';
  readonly path: string;
  /** the system error code behind it (`EACCES`, `EISDIR`, ...), when there is one */
  readonly errno: string | undefined;

  constructor(path: string, reason: string, options?: { cause?: unknown; errno?: string }) {
    super('TRACE_UNREADABLE', `cannot read trace file ${path}: ${reason}`, options);
    this.path = path;
    this.errno = options?.errno;
  }
}

/**
 * Writing a trace failed.
 *
 * - `TRACE_WRITE`: the file could not be created or written (ENOSPC, EACCES, ...).
 * - `TRACE_WRITER_CLOSED`: a record was appended after `close()`.
 */
export class TraceWriteError extends SystapeError {
  override readonly name: string = 'TraceWriteError';
  declare readonly code: 'TRACE_WRITE' | 'TRACE_WRITER_CLOSED';
  readonly path: string;

  constructor(
    code: 'TRACE_WRITE' | 'TRACE_WRITER_CLOSED',
    path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.path = path;
  }
}

/** A record handed to the trace writer holds a value the format cannot store. */
export class TraceEncodeError extends SystapeError {
  override readonly name: string = 'TraceEncodeError';
  declare readonly code: 'TRACE_ENCODE';

  constructor(message: string) {
    super('TRACE_ENCODE', message);
  }
}

/** Node's system errors carry `code` (`ENOENT`, ...); this reads it safely. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
