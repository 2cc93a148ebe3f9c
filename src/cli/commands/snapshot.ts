import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeelsonError } from '../../errors.js';
import type { Gap } from '../../sources/live/kube-gather.js';
import type { Io } from '../main.js';

export interface LiveOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly pageSize?: string;
  readonly eksCluster?: string;
  readonly region?: string;
  /** For tests and VPC endpoints. */
  readonly eksEndpoint?: string;
  /** For tests and VPC endpoints: EC2, IAM, KMS, ECR, GuardDuty and SQS. */
  readonly awsEndpoint?: string;
  /** Read only the EKS API, not the account around the cluster. */
  readonly account?: boolean;
}

export interface SnapshotOptions extends LiveOptions {
  readonly output: string;
}

export interface LiveSnapshot {
  readonly text: string;
  readonly gaps: readonly Gap[];
  readonly summary: readonly string[];
}

/** Reads the cluster (and, with --eks-cluster, its AWS side) into snapshot text. Undefined: unreachable, reported. */
export async function collectLive(opts: LiveOptions, io: Io): Promise<LiveSnapshot | undefined> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { gatherKubernetes, ClusterUnreachableError } = await import('../../sources/live/kube-gather.js');
  const { renderSnapshot } = await import('../../sources/live/snapshot.js');
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
  } catch (e) {
    throw new KeelsonError('BAD_USAGE', [{ location: { file: opts.kubeconfig ?? '~/.kube/config' }, message: `cannot load the kubeconfig: ${e instanceof Error ? e.message : String(e)}`, fix: 'pass --kubeconfig FILE, or run "aws eks update-kubeconfig --name CLUSTER"' }]);
  }
  if (!kc.getCurrentCluster()) {
    throw new KeelsonError('BAD_USAGE', [{ location: { path: '--context' }, message: `no cluster for context "${kc.getCurrentContext()}"`, fix: `choose one of: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}` }]);
  }
  const started = Date.now();
  // Progress only for a person at a terminal; CI logs stay clean.
  const tty = process.stderr.isTTY === true && !process.env.CI;
  let kube;
  try {
    kube = await gatherKubernetes(kc, {
      pageSize: opts.pageSize ? Number(opts.pageSize) : undefined,
      onProgress: tty ? (phase, n) => io.err(`\r  reading ${phase.padEnd(24)} ${String(n).padStart(8)} objects  ${((Date.now() - started) / 1000).toFixed(1)} s`) : undefined,
    });
  } catch (e) {
    if (e instanceof ClusterUnreachableError) {
      io.err(`${tty ? '\n' : ''}keelson: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
  if (tty) io.err('\n');
  const summary: string[] = [];
  let eks;
  if (opts.eksCluster) {
    const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new KeelsonError('BAD_USAGE', [{ location: { path: '--region' }, message: 'no AWS region', fix: 'pass --region, or set AWS_REGION' }]);
    const { gatherEks } = await import('../../sources/live/eks-gather.js');
    const { kubeHints } = await import('../../sources/live/aws-gather.js');
    if (tty) io.err(`  reading EKS cluster ${opts.eksCluster} and its account (${region})...`);
    eks = await gatherEks({ clusterName: opts.eksCluster, region, endpoint: opts.eksEndpoint, awsEndpoint: opts.awsEndpoint, account: opts.account, hints: kubeHints(kube.objects) });
    if (tty) io.err(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    summary.push(`EKS cluster ${opts.eksCluster}: ${Object.keys((eks.template.Resources as object) ?? {}).length} resources through ${eks.calls.length} Describe/List/Get calls`);
  }
  summary.push(`${kube.objects.length} objects from ${kube.context} (${kube.server}) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${kube.requests} requests`);
  return { text: renderSnapshot(kube, new Date(), eks), gaps: [...kube.gaps, ...(eks?.gaps ?? [])], summary };
}

export function formatGaps(gaps: readonly Gap[]): string {
  if (gaps.length === 0) return '';
  const lines = gaps.map((g) => `    ${g.what}: ${g.reason}${g.grant ? `\n      grant: ${g.grant}` : ''}${g.rules?.length ? `\n      not evaluated: ${g.rules.join(', ')}` : ''}`);
  // One line a person can paste into the policy: every AWS action that was denied (Kubernetes grants are listed above).
  const actions = [...new Set(gaps.map((g) => g.grant).filter((a): a is string => a !== undefined && /^[a-z0-9-]+:[A-Za-z]+$/.test(a)))].sort();
  const grantAll = actions.length ? `  to grant, add to the audit's IAM policy: ${actions.join(', ')} (keelson permissions prints the whole policy)\n` : '';
  return `  could not read (${gaps.length}); rules that need it are not evaluated:\n${lines.join('\n')}\n${grantAll}`;
}

export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** `keelson snapshot`: read a running cluster (read-only) into a file that `keelson check` audits offline. */
export async function runSnapshot(opts: SnapshotOptions, io: Io): Promise<number> {
  const live = await collectLive(opts, io);
  if (!live) return 2;
  writeAtomically(opts.output, live.text);
  for (const s of live.summary) io.out(`keelson snapshot: ${s}\n`);
  io.out(`  written to ${path.relative(process.cwd(), path.resolve(opts.output)) || opts.output}; audit it with: keelson check ${opts.output}\n`);
  io.out(formatGaps(live.gaps));
  return 0;
}
