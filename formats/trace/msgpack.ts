/**
 * MessagePack for the trace format: msgpackr, configured for plain MessagePack
 * (no record extension, no shared structures, maps as objects), so that any
 * MessagePack decoder reads the payloads.
 *
 * One thing needs help before packing: msgpackr writes integer numbers beyond
 * 32 bits as float64, while the format stores every integer as an integer.
 * {@link toWire} and {@link wireWord} turn such numbers into bigints, which
 * msgpackr writes as int64/uint64, and bigints that fit in 32 bits into
 * numbers, so they take the short forms.
 *
 * Reading, {@link unpack} returns 64-bit integers as numbers within ±2^53 and
 * as bigints beyond (`int64AsType: 'auto'`). {@link unpackRaw} returns them all
 * as bigints, which is cheaper, for callers that convert them themselves.
 */
// first: it tells msgpackr not to probe for its native extension
import { restoreEnv } from './msgpack-native';
import { Packr, RESET_BUFFER_MODE, REUSE_BUFFER_MODE, Unpackr, type Options } from 'msgpackr';
import { TraceEncodeError, TraceFormatError } from '../errors';

restoreEnv();

const PLAIN: Options = {
  useRecords: false,
  mapsAsObjects: true,
  // fixmap for small maps, as other encoders write them; no 65535-key limit
  variableMapSize: true,
  // a bigint beyond 64 bits is an error, never a float
  largeBigIntToFloat: false,
};

const packr = new Packr(PLAIN);
const unpackr = new Unpackr({
  ...PLAIN,
  // msgpackr 2.1 supports 'auto' but its typings do not list it
  int64AsType: 'auto' as string as Options['int64AsType'],
});
const rawUnpackr = new Unpackr({ ...PLAIN, int64AsType: 'bigint' });

const MIN_INT64 = -(2 ** 63);
const TWO_64 = 2 ** 64;
const MIN_INT64N = -0x8000_0000_0000_0000n;
const TWO_64N = 0x1_0000_0000_0000_0000n;

/** True for the numbers msgpackr itself writes as integers: integers in [-2^31, 2^32). */
export function isInt32(v: number): boolean {
  return v >>> 0 === v || v >> 0 === v;
}

/** True when the integer `v` fits in int64 or uint64: [-2^63, 2^64). */
export function fits64(v: number | bigint): boolean {
  return typeof v === 'number' ? v >= MIN_INT64 && v < TWO_64 : v >= MIN_INT64N && v < TWO_64N;
}

/**
 * An integer that {@link fits64}, as msgpackr must be given it to store it as
 * a MessagePack integer in its shortest form: numbers beyond 32 bits become
 * bigints (int64/uint64), bigints within 32 bits become numbers.
 */
export function wireWord(v: number | bigint): number | bigint {
  if (typeof v === 'number') return isInt32(v) ? v : BigInt(v);
  return v >= -0x8000_0000n && v < 0x1_0000_0000n ? Number(v) : v;
}

/**
 * A plain value (null, boolean, number, bigint, string, Uint8Array, array, or
 * object with string keys) ready for msgpackr: integers as
 * {@link wireWord} gives them, other numbers left as floats, `undefined`
 * properties left out (as JSON does). Throws {@link TraceEncodeError} on
 * anything else.
 */
export function toWire(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      // other numbers, including integers too large for 64 bits, stay float64
      return Number.isInteger(v) && fits64(v) ? wireWord(v) : v;
    case 'bigint':
      if (fits64(v)) return wireWord(v);
      throw new TraceEncodeError(`integer ${v} does not fit in 64 bits`);
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v === null || v instanceof Uint8Array) return v;
      if (Array.isArray(v)) return v.map(toWire);
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(v)) {
        if (x === undefined) continue;
        // defined rather than assigned: a key named __proto__ stays data
        Object.defineProperty(out, key, {
          value: toWire(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw new TraceEncodeError(`cannot store a value of type ${typeof v} in a trace`);
  }
}

/**
 * True when `v` is what plain MessagePack decodes to: no values of extension
 * types (msgpackr decodes the timestamp extension to a Date, for one).
 */
export function isPlain(v: unknown, depth = 0): boolean {
  switch (typeof v) {
    case 'number':
    case 'bigint':
    case 'string':
    case 'boolean':
      return true;
    case 'object':
      if (v === null || v instanceof Uint8Array) return true;
      if (depth > 64) return false;
      if (Array.isArray(v)) return v.every((x) => isPlain(x, depth + 1));
      return (
        Object.getPrototypeOf(v) === Object.prototype &&
        Object.values(v).every((x) => isPlain(x, depth + 1))
      );
    default:
      return false;
  }
}

/** Bytes `start` to `end` of a buffer. */
export type ByteRange = Buffer & { start: number; end: number };

/**
 * Packs a value already in wire form (see {@link toWire}) into msgpackr's own
 * output buffer and returns that buffer, with the range written. Saves
 * allocating a view per value; but the next pack anywhere in the process
 * overwrites the range, so copy it out at once.
 */
export function packTransient(v: unknown): ByteRange {
  // REUSE: return the buffer itself; RESET: the next pack may reuse the space
  return packr.pack(v, REUSE_BUFFER_MODE | RESET_BUFFER_MODE) as ByteRange;
}

/** Packs any plain value (see {@link toWire}). */
export function pack(v: unknown): Buffer {
  return packr.pack(toWire(v));
}

/**
 * Decodes one MessagePack value that must span all of `payload`. Binary comes
 * back as views into `payload`, maps as plain objects. Malformed or truncated
 * data throws {@link TraceFormatError} (`TRACE_CORRUPT`).
 */
export function unpack(payload: Uint8Array): unknown {
  return decode(unpackr, payload);
}

/** {@link unpack}, but with every int64/uint64 as a bigint, however small. */
export function unpackRaw(payload: Uint8Array): unknown {
  return decode(rawUnpackr, payload);
}

/** {@link unpackRaw} of MessagePack values one after the other, spanning all of `payload`. */
export function unpackRawSequence(payload: Uint8Array): unknown[] {
  try {
    return rawUnpackr.unpackMultiple(payload) as unknown[];
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new TraceFormatError('TRACE_CORRUPT', `invalid MessagePack: ${why}`, { cause: err });
  }
}

function decode(u: Unpackr, payload: Uint8Array): unknown {
  try {
    return u.unpack(payload) as unknown;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new TraceFormatError('TRACE_CORRUPT', `invalid MessagePack: ${why}`, { cause: err });
  }
}
