/**
 * Platform components found in manifests however they are installed: as rendered workloads, as a kustomize
 * `helmCharts` entry, a Flux HelmRelease or an Argo CD Application — and the ConfigMaps a workload mounts.
 */
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { apiGroup, objectsOfKind, objectsOfKindIn } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { sameNamespace } from './targets.js';

export interface ChartRef {
  readonly chart: string;
  readonly values: unknown;
  readonly at: At;
  readonly object: K8sObject;
}

/** Helm charts the manifests install, by chart name. */
export function helmCharts(inv: Inventory): ChartRef[] {
  const out: ChartRef[] = [];
  for (const k of objectsOfKind(inv, 'Kustomization')) {
    const charts = k.value.helmCharts;
    if (!Array.isArray(charts)) continue;
    charts.forEach((c, i) => {
      if (isRecord(c) && typeof c.name === 'string') out.push({ chart: c.name, values: c.valuesInline, at: child(k.at, 'helmCharts', i), object: k });
    });
  }
  for (const h of objectsOfKind(inv, 'HelmRelease')) {
    if (!apiGroup(h.apiVersion).startsWith('helm.toolkit.fluxcd.io')) continue;
    const chart = valueAt(h.value, ['spec', 'chart', 'spec', 'chart']) ?? valueAt(h.value, ['spec', 'chartRef', 'name']);
    if (typeof chart === 'string') out.push({ chart, values: valueAt(h.value, ['spec', 'values']), at: child(h.at, 'spec', 'chart'), object: h });
  }
  for (const a of objectsOfKind(inv, 'Application', 'argoproj.io')) {
    const single = valueAt(a.value, ['spec', 'source']);
    const many = valueAt(a.value, ['spec', 'sources']);
    const sources: [unknown, At][] = [[single, child(a.at, 'spec', 'source')], ...(Array.isArray(many) ? many.map((s, i): [unknown, At] => [s, child(a.at, 'spec', 'sources', i)]) : [])];
    for (const [s, at] of sources) {
      if (isRecord(s) && typeof s.chart === 'string') out.push({ chart: s.chart, values: valueAt(s, ['helm', 'valuesObject']) ?? valueAt(s, ['helm', 'values']), at, object: a });
    }
  }
  return out;
}

/** Workloads whose name, or one of whose container images, matches. */
export function workloadsMatching(inv: Inventory, pattern: RegExp, kinds?: readonly string[]): WorkloadFact[] {
  return inv.workloads.filter((w) => (kinds === undefined || kinds.includes(w.object.kind)) && (pattern.test(w.object.name) || w.containers.some((c) => c.image !== undefined && pattern.test(c.image))));
}

/** The ConfigMaps (in the inputs) a workload mounts as volumes, with their data. */
export function mountedConfigMaps(inv: Inventory, w: WorkloadFact): K8sObject[] {
  const volumes = w.podSpec.volumes;
  if (!Array.isArray(volumes)) return [];
  const names = new Set<string>();
  for (const v of volumes) {
    if (!isRecord(v)) continue;
    const cm = valueAt(v, ['configMap', 'name']);
    if (typeof cm === 'string') names.add(cm);
    const projected = valueAt(v, ['projected', 'sources']);
    if (Array.isArray(projected)) for (const s of projected) if (typeof valueAt(s, ['configMap', 'name']) === 'string') names.add(valueAt(s, ['configMap', 'name']) as string);
  }
  return objectsOfKindIn(inv, 'ConfigMap', '', w.object.namespace).filter((c) => names.has(c.name) && sameNamespace(c, w.object));
}

/** The string values of a ConfigMap's data, keyed by file name. */
export function configMapData(cm: K8sObject): Record<string, string> {
  const data = cm.value.data;
  const out: Record<string, string> = {};
  if (isRecord(data)) for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
  return out;
}
