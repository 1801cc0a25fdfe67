/**
 * Compact columns of non-negative integers for the page: LEB128 varints in
 * base64, so 100k calls take a few hundred kilobytes of HTML instead of
 * megabytes of JSON arrays. The page's script decodes them (client.ts).
 */

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Non-negative integers as base64 varints. */
export function packUints(values: ArrayLike<number>): string {
  const bytes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`packUints: ${v} is not a non-negative integer`);
    pushVarint(bytes, v);
  }
  return Buffer.from(bytes).toString('base64');
}

/** A non-decreasing list of integers as the first value then the differences (small numbers). */
export function packAscending(values: ArrayLike<number>): string {
  const deltas = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) deltas[i] = values[i] - (i === 0 ? 0 : values[i - 1]);
  return packUints(deltas);
}

/** The inverse of {@link packUints}, for tests and tools (the page has its own copy). */
export function unpackUints(packed: string): number[] {
  const bytes = Buffer.from(packed, 'base64');
  const out: number[] = [];
  let v = 0;
  let scale = 1;
  for (const b of bytes) {
    v += (b & 0x7f) * scale;
    if (b & 0x80) scale *= 0x80;
    else {
      out.push(v);
      v = 0;
      scale = 1;
    }
  }
  return out;
}

/** The inverse of {@link packAscending}. */
export function unpackAscending(packed: string): number[] {
  const out = unpackUints(packed);
  for (let i = 1; i < out.length; i++) out[i] += out[i - 1];
  return out;
}
