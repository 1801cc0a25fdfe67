/**
 * The `systape` command line: a thin layer over the library functions the
 * tests and the Jest preset call too.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_CALLS, DEFAULT_MAX_LINES } from '../analysis/report/limits';
import { SystapeError } from '../formats/errors';
import { ProgramError } from '../recorder/program';
import { systapeVersion } from '../recorder/version';
import type { StatsCommandOptions } from './commands/stats';
import { printError } from './output';

function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Exit status for usage errors and unreadable input (the program's own statuses pass through). */
const EXIT_ERROR = 1;

/** Exit status of `diff` when it cannot compare (0 and 1 say equivalent and different). */
const EXIT_TROUBLE = 2;

function fail(e: unknown, errorStatus = EXIT_ERROR): never {
  if (e instanceof ProgramError) {
    printError(e.message);
    process.exit(e.exitStatus);
  }
  if (e instanceof SystapeError) {
    printError(e.message);
    process.exit(errorStatus);
  }
  printError(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(70);
}

export function buildProgram(): Command {
  const program = new Command('systape')
    .description('Record and replay every system call a program makes.')
    .version(systapeVersion())
    .showHelpAfterError()
    .enablePositionalOptions();

  program
    .command('record')
    .description('run a program and record its system calls into a trace')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the program to run and its arguments')
    .option('-o, --output <file>', 'trace file to write (default: <command>.systape)')
    .option(
      '--env-redact <glob>',
      'replace the values of matching environment variables with <redacted> (repeatable)',
      collect,
    )
    .option('--no-pin', 'do not pin the tracer and the program to one CPU')
    .option(
      '--no-fastpath',
      'stop the program at every syscall (no in-process recording through patched syscall sites)',
    )
    .option(
      '--inject <rule>',
      'inject a fault while recording, as `systape run --inject` does (repeatable); the trace marks it',
      collect,
    )
    .option(
      '--pack',
      'keep the files the program ran and mapped in the trace, so it replays on other machines',
    )
    .option(
      '--no-compress',
      'store the trace uncompressed (it is Brotli-compressed where that pays)',
    )
    .option(
      '--chaos',
      'give threads their turns in an order drawn at random, to bring races out (as rr --chaos)',
    )
    .option('-q, --quiet', 'no summary line on stderr')
    .passThroughOptions()
    .action(
      async (
        command: string[],
        opts: {
          output?: string;
          envRedact?: string[];
          pin: boolean;
          fastpath: boolean;
          inject?: string[];
          pack?: boolean;
          compress: boolean;
          chaos?: boolean;
          quiet?: boolean;
        },
      ) => {
        try {
          // Commands load their modules on use: start-up time is part of every recording.
          const { recordCommand } = await import('./commands/record');
          process.exitCode = await recordCommand(command, opts);
        } catch (e) {
          fail(e);
        }
      },
    );

  program
    .command('pack')
    .description(
      'keep in a trace the files its program ran and mapped (programs, libraries), so it replays on other machines',
    )
    .argument('<file>', 'trace to pack, in place')
    .option(
      '--into <dir>',
      'keep the files in this pack directory, shared with other traces, rather than in the trace',
    )
    .option('-q, --quiet', 'say nothing')
    .action(async (file: string, opts: { quiet?: boolean; into?: string }) => {
      try {
        const { packCommand } = await import('./commands/pack');
        packCommand(file, opts);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('run')
    .description('run a program, injecting faults into chosen system calls')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the program to run and its arguments')
    .option(
      '--inject <rule>',
      'SYSCALL:ERRNO or SYSCALL:delay=DURATION, then :path=GLOB, :nth=N, :pid=N to narrow it ' +
        "(repeatable), e.g. 'write:ENOSPC:path=*.json:nth=2', 'connect:ECONNREFUSED', 'read:delay=200ms'",
      collect,
    )
    .option('-q, --quiet', 'say nothing about the faults injected')
    .passThroughOptions()
    .action(async (command: string[], opts: { inject?: string[]; quiet?: boolean }) => {
      try {
        const { runCommand } = await import('./commands/run');
        process.exitCode = await runCommand(command, opts);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('replay')
    .description(
      're-run a recorded program, answering its system calls from the trace; ' +
        `exits with the recorded status, or ${86} at the first divergence`,
    )
    .argument('<file>', 'trace to replay')
    .option('-q, --quiet', "don't echo the program's stdout and stderr")
    .option(
      '--env <NAME=VALUE>',
      'run with this environment variable changed, to see where the program would diverge (repeatable)',
      collect,
    )
    .option(
      '-k, --keep-going',
      'report every divergence and go on, running calls for real where that only affects the program',
    )
    .option(
      '--allow-changed',
      'replay even if a program the trace ran has changed since, to see where it goes another way',
    )
    .option('--no-fastpath', 'answer every call from the tracer (no in-process hook)')
    .action(
      async (
        file: string,
        opts: {
          quiet?: boolean;
          env?: string[];
          keepGoing?: boolean;
          allowChanged?: boolean;
          fastpath: boolean;
        },
      ) => {
        try {
          const { replayCommand } = await import('./commands/replay');
          process.exitCode = await replayCommand(file, opts);
        } catch (e) {
          fail(e);
        }
      },
    );

  program
    .command('dump')
    .description('print a trace, one strace-like line per event')
    .argument('<file>', 'trace to read')
    .option('-p, --pid <pid>', 'only this process or thread', parseInteger)
    .option('-e, --syscall <name>', 'only these syscalls (repeatable, or comma-separated)', collect)
    .option('--json', 'one JSON object per line, for tools')
    .option('--stats', 'calls, errors (and time) per syscall: `systape stats --by syscall --all`')
    .option('--header', 'print the trace header first')
    .option('--seq', 'prefix each line with its sequence number')
    .option('-T, --time', 'the time spent in each call, <seconds> at the end of its line')
    .option('-t, --timestamps', 'the time of each call, in seconds since the recording began')
    .option('-s, --string-limit <bytes>', 'bytes of each string to show (default 32)', parseInteger)
    .action(
      async (
        file: string,
        opts: {
          pid?: number;
          syscall?: string[];
          json?: boolean;
          stats?: boolean;
          header?: boolean;
          seq?: boolean;
          time?: boolean;
          timestamps?: boolean;
          stringLimit?: number;
        },
      ) => {
        try {
          const { dump } = await import('./commands/dump');
          dump(file, { ...opts, strSize: opts.stringLimit });
        } catch (e) {
          fail(e);
        }
      },
    );

  program
    .command('stats')
    .description(
      'what a recorded program did, in numbers: calls, errors and time per syscall, process ' +
        'and thread (like strace -c); bytes read and written per file and endpoint; files ' +
        'touched and how; sockets and their addresses; the recording itself',
    )
    .argument('<file>', 'trace to read')
    .option('-p, --pid <pid>', 'only the calls of this process or thread', parseInteger)
    .option('-e, --syscall <name>', 'only these syscalls (repeatable, or comma-separated)', collect)
    .addOption(
      new Option(
        '--by <table>',
        'print only the calls table by syscall, process or thread',
      ).choices(['syscall', 'process', 'thread']),
    )
    .option('-a, --all', 'every row (tables show the top 20)')
    .option('--json', 'the whole result as one JSON object, for tools')
    .action(async (file: string, opts: StatsCommandOptions) => {
      try {
        const { statsCommand } = await import('./commands/stats');
        process.exitCode = statsCommand(file, opts);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command('catch')
    .description(
      'record a command again and again until a run fails; keep that run and the last passing one',
    )
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the program to run and its arguments (a test command, say)')
    .option(
      '-n, --runs <n>',
      'give up after this many passing runs (default 100)',
      parseInteger,
      100,
    )
    .option('--out <dir>', 'directory for the kept traces and their output (default: caught)')
    .option(
      '-t, --test <name>',
      'on a Jest command line: run only the tests whose name has this text',
    )
    .option(
      '--env-redact <glob>',
      'replace the values of matching environment variables with <redacted> (repeatable)',
      collect,
    )
    .option('--no-pin', 'do not pin the tracer and the program to one CPU')
    .option('--no-fastpath', 'stop the program at every syscall')
    .option(
      '--chaos',
      'give threads their turns in an order drawn at random, to bring a race out (as rr --chaos)',
    )
    .passThroughOptions()
    .action(
      async (
        command: string[],
        opts: {
          runs: number;
          out?: string;
          test?: string;
          envRedact?: string[];
          pin: boolean;
          fastpath: boolean;
          chaos?: boolean;
        },
      ) => {
        try {
          const { catchCliCommand } = await import('./commands/catch');
          process.exitCode = await catchCliCommand(command, opts);
        } catch (e) {
          fail(e);
        }
      },
    );

  program
    .command('diff')
    .description(
      'compare two runs of one command: where the program first did something else, and ' +
        'which inputs differed before (exit 0: equivalent, 1: different, 2: trouble)',
    )
    .argument('<a>', 'a trace (e.g. a passing run)')
    .argument('<b>', 'another trace of the same command (e.g. a failing run)')
    .option('--json', 'the comparison as JSON, for tools')
    .option('--details <n>', 'inputs shown with a diff of what differed (default 5)', parseInteger)
    .option(
      '--no-explain',
      "don't replay <b> with <a>'s values of each differing input to find which decides it",
    )
    .action(
      async (
        a: string,
        b: string,
        opts: { json?: boolean; details?: number; explain: boolean },
      ) => {
        try {
          const { diffCommand } = await import('./commands/diff');
          process.exitCode = await diffCommand(a, b, opts);
        } catch (e) {
          fail(e, EXIT_TROUBLE);
        }
      },
    );

  program
    .command('report')
    .description(
      "write one self-contained HTML page: a timeline of the run's processes and threads, " +
        'or two runs of one command side by side with where they first went different ways',
    )
    .argument('<a>', 'a trace')
    .argument('[b]', 'another trace of the same command (e.g. a failing run) to compare with')
    .option('-o, --output <file>', 'the page to write (default: report.html)')
    .option(
      '--lines <n>',
      `strace-like lines kept per run for the page to show (default ${DEFAULT_MAX_LINES})`,
      parseInteger,
    )
    .option(
      '--max-calls <n>',
      `calls kept one by one per run; above this they are counted in bins (default ${DEFAULT_MAX_CALLS})`,
      parseInteger,
    )
    .option('-q, --quiet', 'no line on stderr about the page written')
    .action(
      async (
        a: string,
        b: string | undefined,
        opts: { output?: string; lines?: number; maxCalls?: number; quiet?: boolean },
      ) => {
        try {
          const { reportCommand } = await import('./commands/report');
          process.exitCode = reportCommand(a, b, opts);
        } catch (e) {
          fail(e);
        }
      },
    );

  return program;
}

export function main(argv: string[]): void {
  buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => fail(e));
}
