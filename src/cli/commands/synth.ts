import path from 'node:path';
import { KeelsonError } from '../../errors.js';
import { findConfig, loadDefinition } from '../../model/load.js';
import type { ClusterDefinition } from '../../model/schema.js';
import { needsKubectl } from '../../synth/cdk/production-cluster.js';
import { synthesize } from '../../synth/synthesize.js';
import type { SynthResult } from '../../synth/synthesize.js';
import type { Io } from '../main.js';

export interface SynthCommandOptions {
  readonly config?: string;
  readonly out: string;
  readonly manifests: string;
  readonly validation: boolean;
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

/**
 * aws-eks-v2 gives the kubectl provider's role AmazonEKSClusterAdminPolicy: it applies CRDs, webhooks and RBAC,
 * which nothing short of cluster admin may create. A second admin is a trade-off the user should see, not find.
 */
export function kubectlAdminNote(d: ClusterDefinition): string | undefined {
  if (!needsKubectl(d)) return undefined;
  const why = d.delivery === 'cdk' ? 'delivery: cdk' : 'network.podSubnets (ENIConfigs are applied at deploy time)';
  return [
    `  note        ${why}: the CDK kubectl provider's role is a second cluster admin (AmazonEKSClusterAdminPolicy`,
    `              through an access entry), assumable only by the provider's Lambda in the private subnets.`,
    `              With delivery: gitops and no podSubnets, the break-glass role is the only cluster admin.`,
  ].join('\n');
}

export function formatSummary(configFile: string, r: SynthResult, clusterLine: string, elapsedMs: number, note?: string): string {
  const width = Math.max(...Object.keys(r.resourceCounts).map((k) => k.length));
  const lines = [
    `keelson synth: ${clusterLine}`,
    `  definition  ${rel(configFile)}`,
    `  output      ${rel(r.outDir)}/  (AWS CDK cloud assembly: manifest.json, templates, assets)`,
    `  template    ${rel(r.templateFile)}  (${r.totalResources} resources)`,
    r.validation.ran
      ? `  validation  aws-cdk-lib CloudFormation validation: ${r.validation.errors} errors, ${r.validation.warnings} warnings`
      : '  validation  skipped (--no-validation)',
    `  resources by type:`,
    ...Object.entries(r.resourceCounts).map(([type, n]) => `    ${type.padEnd(width)}  ${n}`),
    r.manifests.dir
      ? `  manifests   ${rel(r.manifests.dir)}/  (kustomize tree: ${r.manifests.components.join(', ')}; build with kustomize build --enable-helm)`
      : `  manifests   applied by the CDK app (delivery: cdk): ${r.manifests.components.join(', ')}`,
    `  objects     ${Object.entries(r.manifests.objectsByKind).map(([k, n]) => `${k} ${n}`).join(', ')}${r.manifests.helmCharts.length > 0 ? `; Helm: ${r.manifests.helmCharts.join(', ')}` : ''}`,
    ...(note ? [note] : []),
    `  deploy      npx cdk deploy --app ${rel(r.outDir)} ${r.stackName}`,
    `  done in ${(elapsedMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runSynth(opts: SynthCommandOptions, io: Io): Promise<number> {
  const started = Date.now();
  const config = opts.config ?? findConfig(process.cwd());
  if (!config) {
    throw new KeelsonError('CONFIG_NOT_FOUND', [
      { location: { file: process.cwd() }, message: 'no keelson.config.ts or keelson.yaml here', fix: 'pass --config FILE, or run "keelson init" to create one' },
    ]);
  }
  const { file, definition: d } = await loadDefinition(config);
  const result = await synthesize(d, { outDir: opts.out, validate: opts.validation, manifestsDir: opts.manifests });
  for (const m of result.validation.messages) io.err(`  ${m}\n`);
  io.out(formatSummary(file, result, `${d.name} (account ${d.account}, ${d.region}, Kubernetes ${d.kubernetesVersion})`, Date.now() - started, kubectlAdminNote(d)));
  return 0;
}
