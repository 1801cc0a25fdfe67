/**
 * What replay needs of the syscall table, loaded cheaply: numbers, names,
 * argument and result types (see gen-summary.ts). The same answers as the
 * table's own functions in index.ts.
 */
import { rawName, rawNumber } from './raw-names';
import { SUMMARY } from './summary.generated';
import type { ArgType, RetType } from './types';

/** One syscall, summarised. */
export interface CallSummary {
  nr: number;
  name: string;
  args: readonly ArgType[];
  ret: RetType;
  /** false when its arguments and memory are not described */
  described: boolean;
}

const CALLS: readonly CallSummary[] = SUMMARY.map(([nr, name, args, ret, described]) => ({
  nr,
  name,
  args,
  ret,
  described,
}));
const BY_NUMBER = new Map(CALLS.map((c) => [c.nr, c]));
const BY_NAME = new Map(CALLS.map((c) => [c.name, c]));

/** Every syscall, by number. */
export function allCalls(): readonly CallSummary[] {
  return CALLS;
}

/** The syscall with this number, or undefined. */
export function callByNumber(nr: number): CallSummary | undefined {
  return BY_NUMBER.get(nr);
}

/** The name of a syscall number, or `syscall_<nr>` (as `syscallName`). */
export function callName(nr: number): string {
  return BY_NUMBER.get(nr)?.name ?? rawName(nr);
}

/** The number of a syscall name, also `syscall_<nr>` (as `syscallNumber`). */
export function callNumber(name: string): number | undefined {
  return BY_NAME.get(name)?.nr ?? rawNumber(name);
}
