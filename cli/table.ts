/**
 * Plain-text tables and human units for the CLI's summaries: right-aligned numbers, the
 * last column left-aligned and never padded, dashed rules like `strace -c`.
 */

/** A column: its title and which side its cells lean to. */
export interface Column {
  title: string;
  align: 'left' | 'right';
}

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** a last row under a rule (a total) */
  total?: string[];
  /** put each line after this (default two spaces) */
  indent?: string;
}

/** The table as lines: titles, a rule, the rows, and the total under another rule. */
export function renderTable(
  columns: Column[],
  rows: string[][],
  opts: TableOptions = {},
): string[] {
  const all = opts.total ? [...rows, opts.total] : rows;
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...all.map((r) => [...(r[i] ?? '')].length)),
  );
  const last = columns.length - 1;
  const indent = opts.indent ?? '  ';
  const line = (cells: string[]) =>
    indent +
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        if (i === last) return cell;
        const pad = ' '.repeat(widths[i] - [...cell].length);
        return c.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule =
    indent + widths.map((w, i) => '-'.repeat(i === last ? Math.max(w, 8) : w)).join('  ');
  const out = [line(columns.map((c) => c.title)), rule, ...rows.map(line)];
  if (opts.total) out.push(rule, line(opts.total));
  return out;
}

/** Three significant digits, at most: `1.25`, `38.2`, `200`. */
function sig3(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A duration in nanoseconds as people read it: `850 ns`, `38.2 µs`, `200 ms`, `1.25 s`. */
export function humanDuration(ns: number): string {
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${sig3(ns / 1_000)} µs`;
  if (ns < 1_000_000_000) return `${sig3(ns / 1_000_000)} ms`;
  return `${sig3(ns / 1_000_000_000)} s`;
}

/** A byte count in binary units: `832 B`, `2.93 KiB`, `1.50 MiB`. */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${sig3(v)} ${units[u]}`;
}

/** A command line as a shell would take it back: `sh -c 'cat f | wc -c'`. */
export function shellWords(argv: readonly string[]): string {
  return argv
    .map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
