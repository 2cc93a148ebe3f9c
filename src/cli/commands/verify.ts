import { KeelsonError } from '../../errors.js';
import { findConfig, loadDefinition } from '../../model/load.js';
import { buildComponents } from '../../synth/manifests/index.js';
import { parseMirror } from '../../synth/upstream/references.js';
import type { Mirror } from '../../synth/upstream/references.js';
import { verifyUpstream } from '../../synth/upstream/verify.js';
import type { VerifyResult } from '../../synth/upstream/verify.js';
import type { Io } from '../main.js';

export interface VerifyCommandOptions {
  readonly config?: string;
  readonly mirror?: string[];
  readonly plainHttp?: boolean;
  readonly format?: string;
  readonly timeout?: string;
}

const MARK: Record<VerifyResult['status'], string> = { ok: 'ok', missing: 'MISSING', 'invalid-values': 'INVALID', 'not-verified': 'NOT VERIFIED' };

export function formatVerifyTable(results: readonly VerifyResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status].padEnd(12)} ${r.kind.padEnd(5)} ${r.component.padEnd(28)} ${r.reference}`);
    lines.push(`${' '.repeat(13)}${r.detail}`);
    for (const p of r.problems ?? []) lines.push(`${' '.repeat(15)}values${p.path.replaceAll('/', '.') || ' (root)'}: ${p.message}`);
  }
  const count = (s: VerifyResult['status']): number => results.filter((r) => r.status === s).length;
  lines.push(
    '',
    `${results.length} pinned references: ${count('ok')} verified, ${count('missing')} missing, ${count('invalid-values')} with values the chart rejects, ${count('not-verified')} not verified`,
  );
  if (count('not-verified') > 0) lines.push('  not verified is not a pass: fix the registry access above (or use --mirror) and run again');
  return `${lines.join('\n')}\n`;
}

/** Exit 0 only when every pinned chart and image was verified; "could not reach" is not a pass. */
export async function runVerify(opts: VerifyCommandOptions, io: Io): Promise<number> {
  const config = opts.config ?? findConfig(process.cwd());
  if (!config) {
    throw new KeelsonError('CONFIG_NOT_FOUND', [
      { location: { file: process.cwd() }, message: 'no keelson.config.ts or keelson.yaml here', fix: 'pass --config FILE, or run "keelson init" to create one' },
    ]);
  }
  let mirrors: Mirror[];
  try {
    mirrors = (opts.mirror ?? []).map(parseMirror);
  } catch (e) {
    throw new KeelsonError('BAD_USAGE', [{ location: { file: '--mirror' }, message: (e as Error).message, fix: 'write --mirror FROM=TO' }]);
  }
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new KeelsonError('BAD_USAGE', [{ location: { file: '--format' }, message: `unknown format "${format}"`, fix: 'use table or json' }]);
  }
  const { definition } = await loadDefinition(config);
  const results = await verifyUpstream(buildComponents(definition), {
    mirrors,
    plainHttp: opts.plainHttp,
    timeoutMs: opts.timeout ? Number(opts.timeout) * 1000 : undefined,
  });
  io.out(format === 'json' ? `${JSON.stringify({ results }, null, 2)}\n` : formatVerifyTable(results));
  return results.every((r) => r.status === 'ok') ? 0 : 1;
}
