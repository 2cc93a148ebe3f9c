/**
 * Verifies what synth pins but cannot see offline: every Helm chart version and container image tag exists in
 * its registry, and each release's values pass the chart's own values.schema.json. Read-only: index, manifest
 * and blob GETs (and manifest HEADs) only.
 */
import type { Component, HelmRelease, K8sObject } from '../manifests/types.js';
import { coalesceValues, readChartArchive, validateValues } from './chart-values.js';
import type { SchemaProblem } from './chart-values.js';
import { HelmRepositoryClient } from './helm-repository.js';
import { applyMirrors, parseImage, parseOciChart } from './references.js';
import type { ImageReference, Mirror } from './references.js';
import { RegistryClient, UpstreamError } from './registry-client.js';

export type VerifyStatus = 'ok' | 'missing' | 'invalid-values' | 'not-verified';

export interface VerifyResult {
  readonly kind: 'chart' | 'image';
  /** The component (GitOps folder) that pins it. */
  readonly component: string;
  /** As written in the output: "karpenter 1.8.1 from oci://public.ecr.aws/karpenter" or an image reference. */
  readonly reference: string;
  readonly status: VerifyStatus;
  readonly detail: string;
  /** Charts: whether the chart publishes values.schema.json (no schema means only existence was verified). */
  readonly schemaChecked?: boolean;
  readonly problems?: readonly SchemaProblem[];
}

export interface VerifyOptions {
  readonly mirrors?: readonly Mirror[];
  readonly plainHttp?: boolean;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicaSet']);

function podSpecOf(o: K8sObject): Record<string, unknown> | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (o.kind === 'Pod') return spec;
  if (WORKLOAD_KINDS.has(o.kind)) return (spec?.template as { spec?: Record<string, unknown> } | undefined)?.spec;
  if (o.kind === 'CronJob') return ((spec?.jobTemplate as { spec?: { template?: { spec?: Record<string, unknown> } } } | undefined)?.spec?.template?.spec);
  return undefined;
}

/** Every image the generated objects run, once per component, in order of appearance. */
export function imagesOf(components: readonly Component[]): { component: string; image: string }[] {
  const seen = new Set<string>();
  const out: { component: string; image: string }[] = [];
  for (const c of components) {
    for (const o of c.objects) {
      const pod = podSpecOf(o);
      for (const key of ['initContainers', 'containers']) {
        for (const container of (pod?.[key] as { image?: string }[] | undefined) ?? []) {
          if (container.image && !seen.has(`${c.name}\0${container.image}`)) {
            seen.add(`${c.name}\0${container.image}`);
            out.push({ component: c.name, image: container.image });
          }
        }
      }
    }
  }
  return out;
}

function mirrored(ref: ImageReference, mirrors: readonly Mirror[]): ImageReference {
  const full = applyMirrors(`${ref.registry}/${ref.repository}`, mirrors);
  const slash = full.indexOf('/');
  return { registry: full.slice(0, slash), repository: full.slice(slash + 1), tag: ref.tag };
}

function notVerified(e: unknown): { status: VerifyStatus; detail: string } {
  if (e instanceof UpstreamError) return e.kind === 'missing' ? { status: 'missing', detail: e.message } : { status: 'not-verified', detail: e.message };
  return { status: 'not-verified', detail: (e as Error).message };
}

async function verifyChart(component: string, h: HelmRelease, o: VerifyOptions, registry: RegistryClient, repos: HelmRepositoryClient): Promise<VerifyResult> {
  const reference = `${h.chart} ${h.version} from ${h.repo}`;
  const mirrors = o.mirrors ?? [];
  try {
    const archive = h.repo.startsWith('oci://')
      ? await registry.helmChart(mirrored(parseOciChart(h.repo, h.chart, h.version), mirrors))
      : await repos.chart(applyMirrors(h.repo.replace(/\/+$/, ''), mirrors), h.chart, h.version);
    const chart = await readChartArchive(archive);
    if (chart.name !== h.chart || chart.version !== h.version) {
      return { kind: 'chart', component, reference, status: 'not-verified', detail: `the archive holds ${chart.name} ${chart.version}, not ${h.chart} ${h.version}` };
    }
    if (!chart.schema) {
      return { kind: 'chart', component, reference, status: 'ok', detail: 'the version exists; the chart publishes no values.schema.json, so its values were not checked', schemaChecked: false };
    }
    const problems = await validateValues(chart.schema, coalesceValues(chart.values, h.values));
    return problems.length === 0
      ? { kind: 'chart', component, reference, status: 'ok', detail: "the version exists and keelson's values pass the chart's values.schema.json", schemaChecked: true }
      : {
          kind: 'chart',
          component,
          reference,
          status: 'invalid-values',
          detail: `${problems.length} value${problems.length === 1 ? '' : 's'} rejected by the chart's values.schema.json`,
          schemaChecked: true,
          problems,
        };
  } catch (e) {
    return { kind: 'chart', component, reference, ...notVerified(e) };
  }
}

async function verifyImage(component: string, image: string, o: VerifyOptions, registry: RegistryClient): Promise<VerifyResult> {
  try {
    const exists = await registry.tagExists(mirrored(parseImage(image), o.mirrors ?? []));
    return exists
      ? { kind: 'image', component, reference: image, status: 'ok', detail: 'the tag exists' }
      : { kind: 'image', component, reference: image, status: 'missing', detail: 'the registry has no such tag' };
  } catch (e) {
    return { kind: 'image', component, reference: image, ...notVerified(e) };
  }
}

/** Results come back in component order whatever order the registries answer in, so output is stable. */
export async function verifyUpstream(components: readonly Component[], o: VerifyOptions = {}): Promise<VerifyResult[]> {
  const registry = new RegistryClient({ plainHttp: o.plainHttp, timeoutMs: o.timeoutMs });
  const repos = new HelmRepositoryClient(o.timeoutMs);
  const tasks: (() => Promise<VerifyResult>)[] = [];
  for (const c of components) if (c.helm) tasks.push(() => verifyChart(c.name, c.helm!, o, registry, repos));
  for (const { component, image } of imagesOf(components)) tasks.push(() => verifyImage(component, image, o, registry));
  const results: VerifyResult[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 4, tasks.length) }, worker));
  return results;
}
