/**
 * The CPU a program ran on, as far as it can tell: the instruction-set features CPUID
 * reports, which a program (glibc picking its string functions, a JIT picking its code)
 * may act on. Replay cannot fake CPUID on these machines (no CPUID faulting), so a trace
 * that used a feature the replaying CPU lacks cannot replay there.
 */
import * as fs from 'node:fs';

/** What the header keeps of the CPU (format 1.2). */
export interface CpuDescription {
  vendor: string;
  model: string;
  /** the CPUID feature flags, as /proc/cpuinfo names them */
  features: string[];
}

/** What {@link cpuDescription} found (null: nothing), once per process: the CPU stays. */
let thisCpu: CpuDescription | null | undefined;

/** This machine's CPU, from /proc/cpuinfo (its first processor); undefined where unreadable. */
export function cpuDescription(): CpuDescription | undefined {
  thisCpu ??= readCpuinfo() ?? null;
  return thisCpu ?? undefined;
}

function readCpuinfo(): CpuDescription | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/cpuinfo', 'latin1');
  } catch {
    return undefined;
  }
  const first = text.split(/\n\s*\n/)[0];
  const field = (name: string) =>
    new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1].trim() ?? '';
  const features = field('flags').split(/\s+/).filter(Boolean);
  if (features.length === 0) return undefined;
  return { vendor: field('vendor_id'), model: field('model name'), features };
}

/**
 * Flags naming instructions a program can use (rather than the kernel's and the
 * hypervisor's own: `hypervisor`, `constant_tsc`, `rep_good`...).
 */
const INSTRUCTION_SET =
  /^(?:mmx|sse\w*|ssse3|avx\w*|fma\w*|f16c|bmi\d|adx|aes|vaes|pclmulqdq|vpclmulqdq|sha_ni|gfni|popcnt|abm|lzcnt|movbe|rdrand|rdseed|rdpid|rdtscp|cx8|cx16|cmov|lahf_lm|xsave\w*|erms|fsrm|fsrs|fzrm|movdir\w*|serialize|clflushopt|clwb|amx\w*|tsxldtrk|hle|rtm|pku|ospke|waitpkg|cldemote|lm|nx|fxsr\w*|x2apic|invpcid|prefetchw|3dnowprefetch|sse4a|xop|tbm|fma4)$/;

/** Instruction-set features `recorded` had that `current` lacks. */
export function missingCpuFeatures(recorded: CpuDescription, current: CpuDescription): string[] {
  const here = new Set(current.features);
  // (the set first: the pattern is costly to compile, and most flags are here)
  return recorded.features.filter((f) => !here.has(f) && INSTRUCTION_SET.test(f));
}
