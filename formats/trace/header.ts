/**
 * The header chunk: a MessagePack map holding the {@link TraceHeader}, with
 * `format` first so that any reader can check the version before anything else.
 */
import { TraceFormatError, TraceVersionError } from '../errors';
import { pack } from './msgpack';
import { FORMAT_MAJOR, FORMAT_MINOR, type TraceHeader } from './records';

/** The version this code writes, and whose major it reads. */
export const CURRENT_FORMAT = { major: FORMAT_MAJOR, minor: FORMAT_MINOR } as const;

/** The header payload: a map with `format` as its first key. */
export function encodeHeader(header: TraceHeader): Buffer {
  const { format, ...rest } = header;
  return pack({ format: { major: format.major, minor: format.minor }, ...rest });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isNumber = (v: unknown): boolean => typeof v === 'number';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const isStringMap = (v: unknown): boolean => isObject(v) && Object.values(v).every(isString);
const isOptions = (v: unknown): boolean =>
  isObject(v) && isBoolean(v.pin) && isBoolean(v.aslr) && isBoolean(v.vdso);

const FIELDS: [keyof TraceHeader, (v: unknown) => boolean, string][] = [
  ['systapeVersion', isString, 'a string'],
  ['arch', isString, 'a string'],
  ['kernel', isString, 'a string'],
  ['libc', isString, 'a string'],
  ['hostname', isString, 'a string'],
  ['argv', isStringArray, 'an array of strings'],
  ['cwd', isString, 'a string'],
  ['env', isStringMap, 'a map of strings'],
  ['startTime', isNumber, 'a number'],
  ['options', isOptions, 'a map {pin, aslr, vdso} of booleans'],
];

/**
 * The version a decoded header map declares. Throws {@link TraceFormatError}
 * when it has none and {@link TraceVersionError} when its major is not ours.
 */
export function checkFormatVersion(
  value: unknown,
  path?: string,
): { major: number; minor: number } {
  const format = isObject(value) ? value.format : undefined;
  if (
    !isObject(format) ||
    !Number.isInteger(format.major) ||
    !Number.isInteger(format.minor) ||
    (format.major as number) < 0 ||
    (format.minor as number) < 0
  ) {
    throw new TraceFormatError(
      'TRACE_CORRUPT',
      `${path ?? 'trace'}: header has no format version`,
      {
        path,
        offset: 8,
      },
    );
  }
  const found = { major: format.major as number, minor: format.minor as number };
  if (found.major !== CURRENT_FORMAT.major) {
    throw new TraceVersionError(found, { ...CURRENT_FORMAT }, path);
  }
  return found;
}

/**
 * A {@link TraceHeader} from the decoded header map: checks the version first,
 * then the fields this version relies on. Fields added by newer minor versions
 * are kept as they are.
 */
export function decodeHeader(value: unknown, path?: string): TraceHeader {
  const format = checkFormatVersion(value, path);
  const map = value as Record<string, unknown>;
  for (const [key, ok, expected] of FIELDS) {
    if (!ok(map[key])) {
      throw new TraceFormatError(
        'TRACE_CORRUPT',
        `${path ?? 'trace'}: header field "${key}" is not ${expected}`,
        { path, offset: 8 },
      );
    }
  }
  return { ...map, format } as unknown as TraceHeader;
}
