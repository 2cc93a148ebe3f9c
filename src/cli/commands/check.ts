/** `keelson check PATH...`: read the inputs, run every rule, report, and exit by the --fail-on threshold. */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareFindings, runRules } from '../../rules/engine.js';
import { annotationSuppressions, applySuppressions, commentSuppressions, metadataSuppressions, parseSuppressionFile, SuppressionFileError } from '../../rules/suppressions.js';
import { RULES } from '../../rules/registry.js';
import { SEVERITIES } from '../../rules/types.js';
import type { CheckResult, Severity } from '../../rules/types.js';
import { FORMATS, REPORTERS } from '../../report/index.js';
import type { ReportFormat } from '../../report/index.js';
import { readInputsAsync, UnreadableInputError } from '../../sources/read-inputs.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../main.js';
import type { Io } from '../main.js';

/** The reporters' formats, plus the HTML page (kept out of REPORTERS so it loads lazily). */
const CHECK_FORMATS = [...FORMATS, 'html'] as const;

export interface CheckCommandOptions {
  readonly format: string;
  readonly output?: string;
  readonly failOn: string;
  readonly targetVersion?: string;
  readonly allowRegistry?: readonly string[];
  readonly suppressions?: string;
  /** Audit the running cluster of the kubeconfig context (and the EKS cluster, with eksCluster). */
  readonly live?: boolean;
  readonly saveSnapshot?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly eksCluster?: string;
  readonly region?: string;
  readonly eksEndpoint?: string;
  readonly awsEndpoint?: string;
  /** `--no-account`: read only the EKS API, not the account around the cluster. */
  readonly account?: boolean;
  /** A definition (keelson, CloudFormation, eksctl, Terraform, manifests) the live cluster is compared with. */
  readonly against?: string;
  /** An earlier snapshot the live cluster (or the snapshot checked) is compared with. */
  readonly compare?: string;
}

export interface CheckEnv {
  readonly isTty: boolean;
  readonly noColor: boolean;
  readonly cwd: string;
  /** YYYY-MM-DD, for suppression expiry. */
  readonly today: string;
}

const defaultEnv = (): CheckEnv => ({ isTty: process.stdout.isTTY === true, noColor: process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '', cwd: process.cwd(), today: new Date().toISOString().slice(0, 10) });

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** True when any unsuppressed failure is at or above the threshold. */
export function reachesThreshold(result: CheckResult, failOn: Severity): boolean {
  const min = SEVERITIES.indexOf(failOn);
  return result.findings.some((f) => f.outcome === 'fail' && !f.suppressed && SEVERITIES.indexOf(f.severity) >= min);
}

export async function runCheck(givenPaths: readonly string[], opts: CheckCommandOptions, io: Io, env: CheckEnv = defaultEnv()): Promise<number> {
  let paths = givenPaths;
  let liveGaps = '';
  if (opts.live) {
    // The live evidence goes through the same readers and rules as files: it is a snapshot, checked like one.
    const { collectLive, formatGaps, writeAtomically } = await import('./snapshot.js');
    const live = await collectLive(opts, io);
    if (!live) return EXIT_USAGE;
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const file = opts.saveSnapshot ? path.resolve(env.cwd, opts.saveSnapshot) : path.join(mkdtempSync(path.join(os.tmpdir(), 'keelson-live-')), 'snapshot.yaml');
    writeAtomically(file, live.text);
    paths = [...paths, file];
    for (const s of live.summary) io.err(`keelson check --live: ${s}
`);
    liveGaps = formatGaps(live.gaps);
  }
  if (paths.length === 0) {
    io.err('keelson check: give at least one file or directory, or --live\n  e.g. keelson check cluster.yaml k8s/   or   keelson check --live --context prod\n');
    return EXIT_USAGE;
  }
  if (!(CHECK_FORMATS as readonly string[]).includes(opts.format)) {
    io.err(`keelson check: unknown --format "${opts.format}"; use one of ${CHECK_FORMATS.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (!(SEVERITIES as readonly string[]).includes(opts.failOn)) {
    io.err(`keelson check: unknown --fail-on "${opts.failOn}"; use one of ${SEVERITIES.join(', ')}\n`);
    return EXIT_USAGE;
  }
  let inventory;
  const shown = (f: string): string => {
    const r = path.relative(env.cwd, path.resolve(env.cwd, f));
    return r && !r.startsWith('..') ? r.split(path.sep).join('/') : f;
  };
  try {
    inventory = await readInputsAsync(paths.map((p) => path.resolve(env.cwd, p)), shown);
  } catch (e) {
    if (e instanceof UnreadableInputError) {
      io.err(`keelson check: cannot read ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const shownPath = (f: string): string => {
    const r = path.relative(env.cwd, path.resolve(env.cwd, f));
    return r && !r.startsWith('..') ? r.split(path.sep).join('/') : f;
  };
  let driftText = '';
  let driftJson: Record<string, unknown> = {};
  let drifted = false;
  if (opts.against || opts.compare) {
    const live = await import('../../sources/live/compare.js');
    if (!live.hasSnapshot(inventory)) {
      io.err(`keelson check: --${opts.against ? 'against' : 'compare'} compares a running cluster: add --live, or give a snapshot (keelson snapshot -o FILE)\n`);
      return EXIT_USAGE;
    }
    for (const [flag, file] of [['against', opts.against], ['compare', opts.compare]] as const) {
      if (!file) continue;
      let other;
      try {
        other = await readInputsAsync([path.resolve(env.cwd, file)], shownPath);
      } catch (e) {
        if (e instanceof UnreadableInputError) {
          io.err(`keelson check: --${flag}: cannot read ${e.message}\n`);
          return EXIT_USAGE;
        }
        throw e;
      }
      if (flag === 'against') {
        const { computeDrift, formatDrift } = await import('../../sources/live/drift.js');
        const drift = computeDrift(inventory, other);
        drifted = drift.items.length > 0;
        driftText += formatDrift(drift, file);
        driftJson = { ...driftJson, drift: { against: file, ...drift } };
      } else {
        if (!live.hasSnapshot(other)) {
          io.err(`keelson check: --compare ${file} is not a keelson snapshot (keelson snapshot -o FILE, or check --live --save-snapshot FILE)\n`);
          return EXIT_USAGE;
        }
        const { applySnapshotGaps } = await import('../../sources/live/gaps.js');
        const ruleOptions = { targetVersion: opts.targetVersion, allowedRegistries: opts.allowRegistry, today: env.today };
        const before = applySnapshotGaps(runRules(RULES, other, ruleOptions), other, RULES);
        const now = applySnapshotGaps(runRules(RULES, inventory, ruleOptions), inventory, RULES);
        const comparison = live.compareSnapshots(other, inventory, before.findings, now.findings);
        driftText += live.formatComparison(comparison, file);
        driftJson = { ...driftJson, comparison: { earlier: file, ...comparison } };
      }
    }
  }
  const suppressions = [...annotationSuppressions(inventory), ...commentSuppressions(inventory), ...metadataSuppressions(inventory)];
  if (opts.suppressions) {
    try {
      suppressions.push(...parseSuppressionFile(readFileSync(path.resolve(env.cwd, opts.suppressions), 'utf8'), opts.suppressions));
    } catch (e) {
      io.err(`keelson check: ${e instanceof SuppressionFileError ? e.message : `cannot read ${opts.suppressions}: ${e instanceof Error ? e.message : String(e)}`}\n`);
      return EXIT_USAGE;
    }
  }
  // What a live snapshot could not read leaves its rules undecided, whether the snapshot is fresh or read offline.
  const { applySnapshotGaps } = await import('../../sources/live/gaps.js');
  const result = applySnapshotGaps(runRules(RULES, inventory, { targetVersion: opts.targetVersion, allowedRegistries: opts.allowRegistry, today: env.today }), inventory, RULES);
  result.findings.push(...applySuppressions(result.findings, suppressions, env.today));
  result.findings.sort(compareFindings);
  const format = opts.format as ReportFormat | 'html';
  const ctx = { toolVersion: toolVersion(), rules: RULES, color: format === 'table' && !opts.output && env.isTty && !env.noColor };
  // The HTML page is loaded only when asked for, so the other formats start as light as before.
  let text = format === 'html' ? (await import('../../report/html/format-html.js')).formatHtml(result, ctx) : REPORTERS[format](result, ctx);
  // Drift and snapshot changes join the report: a section of the table, keys of the JSON; beside the other formats, on stderr.
  if (driftText && format === 'table') text += driftText;
  else if (driftText && format === 'json') text = `${JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), ...driftJson }, null, 2)}\n`;
  if (opts.output) {
    const target = path.resolve(env.cwd, opts.output);
    // Write then rename, so a reader never sees half a report.
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, target);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      io.err(`keelson check: cannot write ${opts.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
    if (format !== 'table') io.err(`keelson check: wrote ${opts.output}\n`);
  } else {
    io.out(text);
  }
  if (liveGaps) io.err(liveGaps);
  if (driftText && format !== 'table' && format !== 'json') io.err(driftText);
  // A file named on the command line that was not read (skipped, malformed, or a rejected document) leaves its rules
  // unjudged: never a clean exit. Files found by walking a directory, such as Helm templates, are reported as notices
  // and do not change the exit code; nor do 'invalid' notices, which are about a read file (a malformed suppression).
  const named = new Set(paths.map((p) => shown(path.resolve(env.cwd, p))));
  const unread = [...new Set(inventory.notices.filter((n) => n.kind !== 'invalid' && n.location.file !== undefined && named.has(n.location.file)).map((n) => n.location.file!))];
  if (unread.length > 0) {
    io.err(`keelson check: could not read ${unread.join(', ')} (see the notices)\n`);
    return EXIT_USAGE;
  }
  return reachesThreshold(result, opts.failOn as Severity) || drifted ? EXIT_FINDINGS : EXIT_OK;
}
