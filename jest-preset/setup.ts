/**
 * Registered by the preset (`preset: 'systape'`) after Jest's environment is
 * up: systape's matchers.
 */
import { matchers } from './matchers';

declare const expect: { extend(m: object): void };

expect.extend(matchers);
