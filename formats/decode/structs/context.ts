/**
 * What a struct decoder gets besides the struct's own bytes, and helpers
 * shared by the decoders.
 */
import type { Dir, MemView } from '../memory';
import { LE } from '../bytes';

/** What a struct decoder may use besides the struct's own bytes. */
export interface StructContext {
  /** all memory captured with the call, for following pointers inside the struct */
  mem: MemView;
  /** strace's -s: bytes of strings and elements of arrays shown */
  strSize: number;
  /** where the struct's bytes came from; pointed-to buffers are looked up there first */
  dir: Dir;
  /** for buffers the kernel filled (readv, recvmsg): how many bytes are valid (the result) */
  dataLimit?: number;
  /** the syscall being decoded, for the few structs shown differently per call */
  syscall?: string;
}

/** Formats a struct from its bytes. */
export type StructDecoder = (b: LE, ctx: StructContext) => string;

/** A decoder and the bytes it needs: shorter captures are shown as a pointer instead. */
export interface StructEntry {
  size: number;
  decode: StructDecoder;
}

/** `[a, b, ...]`: at most `cap` elements, then `...` like strace's arrays */
export function formatList(items: string[], total: number, cap: number): string {
  const shown = items.slice(0, cap);
  if (total > shown.length) shown.push('...');
  return `[${shown.join(', ')}]`;
}

/** decode consecutive fixed-size elements, capped */
export function formatArray(
  b: LE,
  elemSize: number,
  cap: number,
  each: (e: LE, index: number) => string,
): string {
  const count = Math.floor(b.length / elemSize);
  const items: string[] = [];
  for (let i = 0; i < Math.min(count, cap); i++)
    items.push(each(new LE(b.slice(i * elemSize, elemSize)), i));
  return formatList(items, count, cap);
}

/** `{a=1, b=2}` from [name, value] pairs */
export function formatFields(fields: [string, string][], abbreviated = false): string {
  const parts = fields.map(([k, v]) => (k ? `${k}=${v}` : v));
  if (abbreviated) parts.push('...');
  return `{${parts.join(', ')}}`;
}
