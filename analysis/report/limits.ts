/** How much of a trace a report page keeps by default (the CLI's help shows these). */

/** Strace-like lines kept per run: about a megabyte of HTML. */
export const DEFAULT_MAX_LINES = 10_000;

/** Calls kept one by one per run before they are counted in bins: a few megabytes at most. */
export const DEFAULT_MAX_CALLS = 400_000;
