/**
 * Generates `recorder/native/generated/syscall_effects.h`, the C core's copy of
 * the syscall table, from the TypeScript table (the single source of truth).
 * The C types it fills are in `recorder/native/syscall_table.h`. A test checks
 * that the header in the tree equals this output.
 */
import { ioctlOverrides } from './ioctls';
import { MAX_SYSCALL_NR, SYSCALLS } from './index';
import type { Layout, MemEffect, SyscallDef } from './types';

/** Where the header lives, relative to the repository root. */
export const C_HEADER_PATH = 'recorder/native/generated/syscall_effects.h';

const LAYOUTS: Record<Layout, string> = {
  iovec: 'ST_LAYOUT_IOVEC',
  msghdr: 'ST_LAYOUT_MSGHDR',
  mmsghdr: 'ST_LAYOUT_MMSGHDR',
  argv: 'ST_LAYOUT_ARGV',
  ioctl: 'ST_LAYOUT_IOCTL',
  fcntl: 'ST_LAYOUT_FCNTL',
  sockopt: 'ST_LAYOUT_SOCKOPT',
  epoll_ctl: 'ST_LAYOUT_EPOLL_CTL',
  fdset: 'ST_LAYOUT_FDSET',
};

/** No argument (count_arg) and "no memory" (st_ioctl.dir) in the C structs. */
const NONE = '0xff';

interface CEffect {
  dir: string;
  arg: number;
  layout: string;
  sizeKind: string;
  always: number;
  countArg: string;
  sizeArg: number;
  value: number;
}

/** Maps one effect onto struct st_effect's fields. */
function toC(def: SyscallDef, e: MemEffect): CEffect {
  const c: CEffect = {
    dir: { in: 'ST_DIR_IN', out: 'ST_DIR_OUT', data: 'ST_DIR_DATA', path: 'ST_DIR_PATH' }[e.dir],
    arg: e.arg,
    layout: e.layout ? LAYOUTS[e.layout] : 'ST_LAYOUT_FLAT',
    sizeKind: 'ST_SIZE_NONE',
    always: e.when === 'always' ? 1 : 0,
    // a data effect's offset argument travels in count_arg
    countArg: String(e.countArg ?? e.offsetArg ?? NONE),
    sizeArg: 0,
    value: 0,
  };
  const s = e.size;
  if (s === undefined) {
    if (!e.layout && e.dir !== 'path')
      throw new Error(`${def.name}: effect with neither size nor layout`);
  } else if ('fixed' in s) {
    c.sizeKind = 'ST_SIZE_FIXED';
    c.value = s.fixed;
  } else if ('arg' in s) {
    c.sizeKind = 'ST_SIZE_ARG';
    c.sizeArg = s.arg;
    c.value = s.times ?? 1;
  } else if ('ret' in s) {
    c.sizeKind = 'ST_SIZE_RET';
    c.value = s.times ?? 1;
  } else if ('retMaxArg' in s) {
    c.sizeKind = 'ST_SIZE_RET_MAX_ARG';
    c.sizeArg = s.retMaxArg;
  } else if ('lenPtrArg' in s) {
    c.sizeKind = 'ST_SIZE_LENPTR';
    c.sizeArg = s.lenPtrArg;
  } else if ('cstr' in s) {
    c.sizeKind = 'ST_SIZE_CSTR';
  }
  return c;
}

function effectLine(c: CEffect): string {
  return (
    `    {.dir = ${c.dir}, .arg = ${c.arg}, .layout = ${c.layout}, .size_kind = ${c.sizeKind}, ` +
    `.always = ${c.always}, .count_arg = ${c.countArg}, .size_arg = ${c.sizeArg}, .pad = 0, ` +
    `.value = ${c.value}},`
  );
}

/** The header's text. Deterministic: same table, same bytes. */
export function generateCHeader(): string {
  const out: string[] = [];
  const maxEffects = Math.max(...SYSCALLS.map((s) => s.effects?.length ?? 0));
  out.push(
    '/*',
    ' * Generated from formats/syscalls/ by formats/syscalls/gen-c.ts: do not edit.',
    ' * Regenerate with `node dist/formats/syscalls/gen-main.js` after `tsc`;',
    ' * test/syscall-table.test.ts fails while this file is out of date.',
    ' *',
    ' * st_syscalls is indexed by syscall number (NULL name: no such syscall);',
    ' * st_ioctls lists the ioctl requests whose _IOC bits do not give their',
    ' * memory effect (dir 0xff: the argument is not memory the kernel uses).',
    ' */',
    '#ifndef SYSTAPE_SYSCALL_EFFECTS_H',
    '#define SYSTAPE_SYSCALL_EFFECTS_H',
    '',
    '#include <stddef.h>',
    '',
    '#include "../syscall_table.h"',
    '',
    `#define ST_MAX_SYSCALL ${MAX_SYSCALL_NR}`,
    '/* the most effects any one syscall has */',
    `#define ST_MAX_EFFECTS ${maxEffects}`,
    '',
  );

  for (const def of SYSCALLS) {
    if (!def.effects?.length) continue;
    out.push(`static const struct st_effect st_effects_${def.name}[] __attribute__((unused)) = {`);
    for (const e of def.effects) out.push(effectLine(toC(def, e)));
    out.push('};', '');
  }

  out.push(
    'static const struct st_syscall st_syscalls[ST_MAX_SYSCALL + 1] __attribute__((unused)) = {',
  );
  for (const def of SYSCALLS) {
    const n = def.effects?.length ?? 0;
    const effects = n > 0 ? `st_effects_${def.name}` : 'NULL';
    const described = def.described === false ? 0 : 1;
    out.push(`    [${def.nr}] = {"${def.name}", ${described}, ${n}, ${effects}},`);
  }
  out.push('};', '');

  const ioctls = ioctlOverrides();
  out.push('static const struct st_ioctl st_ioctls[] __attribute__((unused)) = {');
  for (const d of ioctls) {
    if (d.dir === 'inout') {
      throw new Error(`ioctl ${d.name}: the C table cannot hold an in-and-out request`);
    }
    const dir = d.dir === 'in' ? 'ST_DIR_IN' : d.dir === 'out' ? 'ST_DIR_OUT' : NONE;
    const hex = `0x${d.request.toString(16)}u`;
    out.push(`    {${hex}, ${dir}, ${d.size}}, /* ${d.name} */`);
  }
  out.push('};', `#define ST_N_IOCTLS ${ioctls.length}u`, '', '#endif', '');
  return out.join('\n');
}
