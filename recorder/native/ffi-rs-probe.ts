/**
 * Imported before ffi-rs, so that ffi-rs finds its glibc or musl build without
 * `process.report.getReport()`, which collects a whole diagnostic report
 * (~10 ms at every start) to read one field: whether Node.js runs on glibc.
 * The answer comes from the musl loader's presence instead, and the real
 * function is put back once ffi-rs has loaded ({@link restoreReport}).
 */
import * as fs from 'node:fs';

type Report = { getReport: (...args: unknown[]) => unknown };
const report = process.report as unknown as Report | undefined;
const real = report?.getReport;
if (report && real) {
  const musl = fs.existsSync(
    `/lib/ld-musl-${process.arch === 'x64' ? 'x86_64' : process.arch}.so.1`,
  );
  report.getReport = () => ({ header: { glibcVersionRuntime: musl ? undefined : 'glibc' } });
}

/** Undo the stand-in above (call after ffi-rs is loaded). */
export function restoreReport(): void {
  if (report && real) report.getReport = real;
}
