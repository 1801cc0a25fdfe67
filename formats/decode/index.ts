/**
 * Decoding of trace records into strace-like text and JSON.
 *
 * - {@link formatRecord} / {@link formatSyscall}: one line per record, e.g.
 *   `openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3`; the
 *   conventions (results, refused calls, written-memory sizes, prefixes) are
 *   listed in `line.ts`.
 * - {@link decodeSyscall}: the same decoding as parts (name, arguments, result).
 * - {@link toJSON}: a JSON-safe object per record, for `dump --json`.
 * - Value and struct formatters, for matchers and diffs that print single values.
 */
export {
  decodeSyscall,
  formatRecord,
  formatSyscall,
  linePrefix,
  type DecodedSyscall,
  type FormatOptions,
} from './line';
export {
  encodeBytes,
  jsonWord,
  toJSON,
  type JsonMemRegion,
  type JsonOptions,
  type JsonOtherRecord,
  type JsonRecord,
  type JsonSyscall,
  type JsonWord,
} from './json';
export {
  DEFAULT_STR_SIZE,
  enumName,
  escapeBytes,
  formatDev,
  formatDirfd,
  formatEnum,
  formatErrno,
  formatFileMode,
  formatFlags,
  formatModeArg,
  formatOctal,
  formatPointer,
  formatScalar,
  formatSignal,
  hex,
  i32,
  i64,
  quoteBytes,
  quoteCString,
  quoteText,
  u32,
  u64,
} from './values';
export {
  decodeStruct,
  formatStruct,
  hasStruct,
  type StructContext,
  type StructDecoder,
  type StructEntry,
} from './structs';
export { MemView } from './memory';
export {
  familyName as socketFamilyName,
  formatSockaddr,
  socketAddress,
  type SocketAddress,
} from './structs/net';
export { formatSigsetBytes, formatWaitStatus } from './structs/signals';
export { formatCloneFlags } from './special-calls';
