/**
 * systape: record every system call a Linux x86-64 program makes into a
 * trace, read traces back, and decode them into strace-like text.
 *
 * @packageDocumentation
 */
export { record, type RecordOptions, type RecordResult } from './recorder/record';
export { ProgramError } from './recorder/program';
export {
  intercept,
  InterceptedCall,
  InterceptCallbackError,
  type InterceptCallback,
  type InterceptOptions,
  type InterceptResult,
  type RegisterValue,
} from './recorder/intercept';
export { injector, parseInjection, type Injection, type InjectedFault } from './recorder/inject';
export {
  replay,
  type ReplayOptions,
  type ReplayResult,
  type Divergence,
  type DivergenceKind,
} from './replayer/replay';
export * from './formats/trace';
export {
  SYSCALLS,
  syscallByName,
  syscallByNumber,
  syscallName,
  syscallNumber,
  isErrorResult,
} from './formats/syscalls';
export { formatRecord, formatSyscall, decodeSyscall, toJSON } from './formats/decode';
export { traceStats, type TraceStats, type StatsOptions } from './analysis/stats';
export { diffTraces, type TraceDiff } from './analysis/diff';
export { catchFailure, type CatchOptions } from './recorder/catch';
export { packTrace, type PackOptions, type PackResult } from './recorder/pack';
