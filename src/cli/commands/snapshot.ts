import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeelsonError } from '../../errors.js';
import type { Io } from '../main.js';

export interface SnapshotOptions {
  readonly output: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly pageSize?: string;
  readonly eksCluster?: string;
  readonly region?: string;
  /** For tests and VPC endpoints. */
  readonly eksEndpoint?: string;
}

/** `keelson snapshot`: read a running cluster (read-only) into a file that `keelson check` audits offline. */
export async function runSnapshot(opts: SnapshotOptions, io: Io): Promise<number> {
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
  const tty = process.stderr.isTTY && !process.env.CI;
  let snapshot;
  try {
    snapshot = await gatherKubernetes(kc, {
      pageSize: opts.pageSize ? Number(opts.pageSize) : undefined,
      onProgress: tty ? (phase, n) => io.err(`\r  reading ${phase.padEnd(24)} ${String(n).padStart(8)} objects  ${((Date.now() - started) / 1000).toFixed(1)} s`) : undefined,
    });
  } catch (e) {
    if (e instanceof ClusterUnreachableError) {
      io.err(`${tty ? '\n' : ''}keelson: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (tty) io.err('\n');
  let eks;
  if (opts.eksCluster) {
    const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new KeelsonError('BAD_USAGE', [{ location: { path: '--region' }, message: 'no AWS region', fix: 'pass --region, or set AWS_REGION' }]);
    const { gatherEks } = await import('../../sources/live/eks-gather.js');
    eks = await gatherEks({ clusterName: opts.eksCluster, region, endpoint: opts.eksEndpoint });
    snapshot.gaps.push(...eks.gaps);
  }
  const tmp = `${opts.output}.tmp-${process.pid}`;
  writeFileSync(tmp, renderSnapshot(snapshot, new Date(), eks));
  renameSync(tmp, opts.output);
  if (eks) io.out(`keelson snapshot: EKS cluster ${opts.eksCluster}: ${Object.keys((eks.template.Resources as object) ?? {}).length} resources through ${eks.calls.length} Describe/List calls\n`);
  io.out(`keelson snapshot: ${snapshot.objects.length} objects from ${snapshot.context} (${snapshot.server}) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${snapshot.requests} requests\n  written to ${path.relative(process.cwd(), path.resolve(opts.output)) || opts.output}; audit it with: keelson check ${opts.output}\n`);
  if (snapshot.gaps.length > 0) {
    io.out(`  could not read (${snapshot.gaps.length}):\n`);
    for (const g of snapshot.gaps) io.out(`    ${g.what}: ${g.reason}${g.grant ? `\n      grant: ${g.grant}` : ''}\n`);
  }
  return 0;
}
