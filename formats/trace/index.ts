/**
 * The `*.systape` trace format, version 1: write a trace as a recording runs
 * ({@link TraceWriter}), read it back whole ({@link readTrace}) or streamed
 * ({@link iterateTrace}). The byte layout is specified in `formats/trace/README.md`.
 *
 * @example
 * ```ts
 * const w = TraceWriter.create('run.systape', header);
 * w.startAutoFlush();
 * w.append({ t: 'sys', seq: 1, pid, tid, nr: 39, args: [], ret: pid, mem: [], flags: 0 });
 * w.close({ t: 'end', seq: 2, exitStatus: 0, durationMs: 12, syscalls: 1 });
 *
 * for (const rec of iterateTrace('run.systape')) console.log(rec);
 * ```
 */
export * from './records';
export { TraceWriter, type TraceWriterOptions, type TraceHeaderInit } from './writer';
export {
  readTrace,
  iterateTrace,
  readHeader,
  readEnd,
  type TraceContents,
  type TraceIterator,
  type TraceTruncation,
  type IterateTraceOptions,
} from './reader';
export {
  encodeRecord,
  decodeRecord,
  RecordTag,
  type PositionalRecord,
  type SyscallTuple,
  type SpawnTuple,
  type ExecTuple,
  type SignalTuple,
  type ExitTuple,
  type EndTuple,
  type StartTuple,
  type MemTuple,
  unpackRecords,
} from './codec';
export { FILE_MAGIC, CHUNK_MAGIC, ChunkKind, ChunkFlags } from './frame';
export {
  SystapeError,
  TraceFormatError,
  TraceVersionError,
  TraceNotFoundError,
  TraceUnreadableError,
  TraceWriteError,
  TraceEncodeError,
} from '../errors';
