/**
 * Imported before msgpackr, so that msgpackr skips looking for its optional
 * native extension (msgpackr-extract): the probe costs ~20 ms at every start
 * and the extension speeds up only string decoding, which traces hardly use.
 * A user's own MSGPACKR_NATIVE_ACCELERATION_DISABLED is respected, and the
 * variable is removed again once msgpackr has loaded ({@link restoreEnv}), so
 * that recorded programs do not inherit it.
 */
const NAME = 'MSGPACKR_NATIVE_ACCELERATION_DISABLED';
const ours = process.env[NAME] === undefined;
if (ours) process.env[NAME] = 'true';

/** Undo the setting above (call after msgpackr is loaded). */
export function restoreEnv(): void {
  if (ours) delete process.env[NAME];
}
