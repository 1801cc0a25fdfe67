/**
 * The decoder of the C core's event stream (recorder/events.ts), fed the way the recorder
 * reads the stream: into one buffer, read into again and again, so that an event cut
 * between two reads must be kept as a copy, not as a view of bytes about to be replaced.
 */
import { EventDecoder, type EngineEvent } from '../recorder/events';

/** An EV_ECHO event: the bytes a replayed program wrote to fd. */
function echo(fd: number, text: string): Buffer {
  const bytes = Buffer.from(text);
  const size = (16 + bytes.length + 7) & ~7;
  const ev = Buffer.alloc(size);
  ev.writeUInt32LE(size, 0);
  ev.writeUInt16LE(11, 4); // EV_ECHO
  ev.writeInt32LE(fd, 8);
  ev.writeUInt32LE(bytes.length, 12);
  bytes.copy(ev, 16);
  return ev;
}

/** An EV_STARTED event: the program's pid. */
function started(pid: number): Buffer {
  const ev = Buffer.alloc(16);
  ev.writeUInt32LE(16, 0);
  ev.writeUInt16LE(7, 4); // EV_STARTED
  ev.writeInt32LE(pid, 8);
  return ev;
}

const stream = Buffer.concat([
  started(4242),
  echo(1, 'a first line of output\n'),
  echo(2, 'x'.repeat(300)),
  echo(1, 'the last one\n'),
]);
const expected: EngineEvent[] = [
  { t: 'started', rootPid: 4242 },
  { t: 'echo', fd: 1, bytes: Buffer.from('a first line of output\n') },
  { t: 'echo', fd: 2, bytes: Buffer.from('x'.repeat(300)) },
  { t: 'echo', fd: 1, bytes: Buffer.from('the last one\n') },
];

test.each([7, 16, 40, 100, 333])(
  'events cut between reads of %i bytes into one buffer come out whole',
  (readSize) => {
    const seen: EngineEvent[] = [];
    const decoder = new EventDecoder((ev) => seen.push(ev), true);
    const buffer = Buffer.alloc(readSize);
    for (let off = 0; off < stream.length; off += readSize) {
      const n = stream.copy(buffer, 0, off, off + readSize);
      decoder.push(buffer.subarray(0, n));
      buffer.fill(0xee); // the next read replaces what this one brought
    }
    expect(seen).toEqual(expected);
    expect(decoder.incomplete).toBe(false);
  },
);

test('a stream that ends inside an event says so', () => {
  const decoder = new EventDecoder(() => undefined, true);
  decoder.push(stream.subarray(0, 30));
  expect(decoder.incomplete).toBe(true);
});
