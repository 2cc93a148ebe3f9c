/**
 * `keelson report RESULT.json [PLAN.json...] [--compare BEFORE.json] [-o report.html]`: one self-contained HTML page
 * from the JSON of `keelson check` and `keelson plan capacity | ips | upgrade`. Inputs are recognised by their
 * shape, so they can come in any order.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classifyInput } from '../../report/html/inputs.js';
import type { CheckDoc, ReportInput, ReportInputs } from '../../report/html/inputs.js';
import { renderReport } from '../../report/html/render-report.js';
import { RULES } from '../../rules/registry.js';
import { EXIT_OK, EXIT_USAGE } from '../main.js';
import type { Io } from '../main.js';

export interface ReportCommandOptions {
  readonly output?: string;
  readonly compare?: string;
}

class InputError extends Error {}

function readInput(file: string, cwd: string): ReportInput {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not JSON (${e instanceof Error ? e.message : String(e)})\n  fix: write it with keelson check --format json, or keelson plan ... --format json`);
  }
  const input = classifyInput(value);
  if (input.kind === 'unknown') throw new InputError(`${file}: ${input.why}\n  fix: pass the output of keelson check --format json and, optionally, keelson plan capacity|ips|upgrade --format json`);
  return input;
}

/** Sorts the inputs into the page's slots; each slot takes one file. */
function assemble(files: readonly string[], opts: ReportCommandOptions, cwd: string): ReportInputs {
  let check: { file: string; doc: CheckDoc } | undefined;
  const plans: { capacity?: ReportInputs['capacity']; ips?: ReportInputs['ips']; upgrade?: ReportInputs['upgrade'] } = {};
  const seen = new Map<string, string>();
  for (const file of files) {
    const input = readInput(file, cwd);
    const before = seen.get(input.kind);
    if (before) {
      throw new InputError(
        input.kind === 'check'
          ? `${before} and ${file} are both check results\n  fix: keelson report ${file} --compare ${before}   (compares ${before}, before, with ${file}, after)`
          : `${before} and ${file} are both ${input.kind} plans; give one of each kind`,
      );
    }
    seen.set(input.kind, file);
    if (input.kind === 'check') check = { file, doc: input.doc };
    else if (input.kind === 'capacity') plans.capacity = input.doc;
    else if (input.kind === 'ips') plans.ips = input.doc;
    else plans.upgrade = input.doc;
  }
  if (!check) throw new InputError('no check result among the inputs\n  fix: keelson check PATH... --format json -o result.json, then keelson report result.json');
  let base: CheckDoc | undefined;
  if (opts.compare) {
    const input = readInput(opts.compare, cwd);
    if (input.kind !== 'check') throw new InputError(`--compare ${opts.compare} is a ${input.kind} plan, not a check result\n  fix: pass the earlier keelson check --format json output`);
    base = input.doc;
  }
  return { check: check.doc, ...plans, ...(base ? { base, labels: { base: opts.compare as string, check: check.file } } : {}) };
}

export function runReport(files: readonly string[], opts: ReportCommandOptions, io: Io, cwd = process.cwd()): number {
  if (files.length === 0) {
    io.err('keelson report: give the JSON of keelson check, and optionally of keelson plan\n  e.g. keelson report result.json capacity.json -o report.html\n');
    return EXIT_USAGE;
  }
  let inputs: ReportInputs;
  try {
    inputs = assemble(files, opts, cwd);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`keelson report: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const html = renderReport(inputs, RULES);
  if (!opts.output) {
    io.out(html);
    return EXIT_OK;
  }
  const target = path.resolve(cwd, opts.output);
  // Write then rename, so a reader never sees half a page.
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    io.err(`keelson report: cannot write ${opts.output}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
  io.err(`keelson report: wrote ${opts.output}\n`);
  return EXIT_OK;
}
