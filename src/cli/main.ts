/**
 * The keelson CLI. Commands import their heavy dependencies (aws-cdk-lib, tsx) lazily, so `keelson --version`
 * and light commands start fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { formatProblem, isKeelsonError } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('keelson')
    .description('Define, generate, prove and plan a production Amazon EKS cluster in code')
    .version(version(), '-v, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('synth')
    .description('generate the AWS CDK cloud assembly (CloudFormation) for a cluster definition')
    .option('-c, --config <file>', 'keelson.config.ts or keelson.yaml (default: found in the current directory)')
    .option('-o, --out <dir>', 'output directory of the cloud assembly', 'cdk.out')
    .option('--no-validation', "skip aws-cdk-lib's built-in CloudFormation validation (faster)")
    .action(async (opts: { config?: string; out: string; validation: boolean }) => {
      const { runSynth } = await import('./commands/synth.js');
      exitCode = await runSynth(opts, io);
    });

  program
    .command('init')
    .description('scaffold a new keelson project with the production defaults spelled out')
    .argument('[dir]', 'directory to create the project in', '.')
    .option('--name <name>', 'cluster name', 'prod-cluster')
    .option('--force', 'overwrite existing files')
    .action(async (dir: string, opts: { name: string; force?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      exitCode = await runInit(dir, opts, io);
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isKeelsonError(e)) {
      io.err(`${e.problems.map(formatProblem).join('\n')}\n`);
      return EXIT_USAGE;
    }
    const debug = program.opts<{ debug?: boolean }>().debug;
    io.err(`keelson: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    else io.err('  run again with --debug for the stack trace, and report it as a keelson bug\n');
    return EXIT_USAGE;
  }
}
