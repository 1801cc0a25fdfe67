/**
 * Writing the CLI's output with plain blocking writes: stdout may be shared
 * with a traced program, so we never switch it to Node's non-blocking streams.
 */
import * as fs from 'node:fs';

function writeAll(fd: number, text: string | Uint8Array): void {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0); // the reader (e.g. `head`) is done
      throw e;
    }
  }
}

/** Buffers lines and writes them in large blocks. */
export class LineWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd = 1) {}

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    writeAll(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export function printError(message: string): void {
  writeAll(2, `systape: ${message}\n`);
}

export function printWarning(message: string): void {
  writeAll(2, `systape: warning: ${message}\n`);
}

export function printInfo(message: string): void {
  writeAll(2, `systape: ${message}\n`);
}

/** Write a replayed program's output to our own stdout or stderr. */
export function writeOutput(fd: 1 | 2, bytes: Uint8Array): void {
  writeAll(fd, bytes);
}
