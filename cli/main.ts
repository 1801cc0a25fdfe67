/**
 * The `systape` command line: a thin layer over the library functions the
 * tests and the Jest preset call too.
 */
import { Command, InvalidArgumentError } from 'commander';
import { SystapeError } from '../formats/errors';
import { ProgramError } from '../recorder/program';
import { systapeVersion } from '../recorder/version';
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

function fail(e: unknown): never {
  if (e instanceof ProgramError) {
    printError(e.message);
    process.exit(e.exitStatus);
  }
  if (e instanceof SystapeError) {
    printError(e.message);
    process.exit(EXIT_ERROR);
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
    .option('--no-fastpath', 'answer every call from the tracer (no in-process hook)')
    .action(
      async (
        file: string,
        opts: { quiet?: boolean; env?: string[]; keepGoing?: boolean; fastpath: boolean },
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
    .option('--stats', 'a summary: calls and errors per syscall, processes, threads')
    .option('--header', 'print the trace header first')
    .option('--seq', 'prefix each line with its sequence number')
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

  return program;
}

export function main(argv: string[]): void {
  buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => fail(e));
}
