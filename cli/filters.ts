/** Filters the CLI's commands share. */
import { nearSyscallNames, syscallByName } from '../formats/syscalls';
import { SystapeError } from '../formats/trace';

/**
 * The syscall numbers `-e NAME` options name (repeatable, or comma-separated); undefined
 * when there are none. An unknown name is an error suggesting near ones.
 */
export function syscallFilter(names: string[] | undefined): Set<number> | undefined {
  if (!names || names.length === 0) return undefined;
  const nrs = new Set<number>();
  for (const name of names.flatMap((n) => n.split(','))) {
    const def = syscallByName(name);
    if (!def) {
      const near = nearSyscallNames(name);
      throw new SystapeError(
        'UNKNOWN_SYSCALL',
        `unknown syscall "${name}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      );
    }
    nrs.add(def.nr);
  }
  return nrs;
}
