/** Names of syscalls the table does not have: `syscall_<nr>`. */

/** The name of syscall `nr` when the table has none. */
export function rawName(nr: number): string {
  return `syscall_${nr}`;
}

/** The number a `syscall_<nr>` name stands for, or undefined. */
export function rawNumber(name: string): number | undefined {
  const m = /^syscall_(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
