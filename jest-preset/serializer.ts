/** The preset's snapshot serializer (for syscall snapshots): `test` and `serialize`. */
import { serializer } from './snapshot';

export const test = serializer.test;
export const serialize = serializer.serialize;
