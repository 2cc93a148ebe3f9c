/**
 * Platform components found in manifests however they are installed: as rendered workloads, as a kustomize
 * `helmCharts` entry, a Flux HelmRelease or an Argo CD Application — and the ConfigMaps a workload mounts.
 */
import path from 'node:path';
import { yamlLib } from '../../yaml-lib.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { apiGroup, objectsOfKind, objectsOfKindIn } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { cfnResources, tfAddress, tfBlocks } from './definitions.js';
import { Haystack } from './haystack.js';
import { sameNamespace } from './targets.js';

export interface ChartRef {
  readonly chart: string;
  readonly values: unknown;
  readonly at: At;
  /** The object that installs it; none for a chart folder (Chart.yaml) in the inputs. */
  readonly object?: K8sObject;
  /** Every source of the release's values, lowest precedence first, each keeping where it is written. */
  readonly layers: readonly ValuesLayer[];
  /** What installs it, for messages, when no Kubernetes object does. */
  readonly label?: string;
}

/** One source of a Helm release's values: an object, a YAML string, or `--set`-style dotted parameters. */
export interface ValuesLayer {
  readonly at: At;
  lookup(path: readonly string[]): { value: unknown; at: At } | undefined;
}

/** Values written as an object in a document: each value is located where it is written. */
export function objectLayer(value: unknown, at: At): ValuesLayer {
  return {
    at,
    lookup: (p) => {
      const v = valueAt(value, p);
      return v === undefined ? undefined : { value: v, at: child(at, ...p) };
    },
  };
}

/** Values written as a YAML string (Argo CD `helm.values`, a ConfigMap's values.yaml): located at the string. */
function stringLayer(text: unknown, at: At): ValuesLayer | undefined {
  if (typeof text !== 'string') return isRecord(text) ? objectLayer(text, at) : undefined;
  let value: unknown;
  try {
    value = yamlLib().parse(text);
  } catch {
    return undefined;
  }
  return { at, lookup: (p) => (valueAt(value, p) === undefined ? undefined : { value: valueAt(value, p), at }) };
}

/** `name=value` parameters (Argo CD `helm.parameters`, Terraform `set`), each at its own entry. */
function parameterLayer(list: unknown, at: At): ValuesLayer | undefined {
  if (!Array.isArray(list)) return undefined;
  // Like `helm --set`, the strings true and false are booleans.
  const typed = (v: unknown): unknown => (v === 'true' ? true : v === 'false' ? false : v);
  const entries = list.flatMap((e, i) => (isRecord(e) && typeof e.name === 'string' ? [{ name: e.name, value: typed(e.value), at: child(at, i, 'value') }] : []));
  return {
    at,
    lookup: (p) => {
      const key = p.join('.');
      const hit = entries.findLast((e) => e.name === key);
      if (hit) return { value: hit.value, at: hit.at };
      // A parameter below the path (`cloudWatchLogs.enabled` for `cloudWatchLogs`) shows the path is set too.
      const below = entries.findLast((e) => e.name.startsWith(`${key}.`));
      return below ? { value: {}, at: below.at } : undefined;
    },
  };
}

/** A document of the inputs by its (display) path, for values files a release names. */
function documentAt(inv: Inventory, file: string): At | undefined {
  const want = path.posix.normalize(file.replaceAll('\\', '/'));
  const doc = inv.documents.find((d) => path.posix.normalize(d.origin.file.replaceAll('\\', '/')) === want && d.origin.docIndex === 0);
  return doc && isRecord(doc.value) ? { origin: doc.origin, path: [] } : undefined;
}

function documentValue(inv: Inventory, at: At): unknown {
  return inv.documents.find((d) => d.origin === at.origin)?.value;
}

function kustomizeLayers(inv: Inventory, k: K8sObject, c: Record<string, unknown>, at: At): ValuesLayer[] {
  const layers: ValuesLayer[] = [];
  const dir = path.posix.dirname(k.at.origin.file.replaceAll('\\', '/'));
  const files = [c.valuesFile, ...(Array.isArray(c.additionalValuesFiles) ? c.additionalValuesFiles : [])];
  // valuesMerge: replace drops the files for the inline values.
  if (c.valuesMerge !== 'replace' || c.valuesInline === undefined) {
    for (const f of files) {
      const doc = typeof f === 'string' ? documentAt(inv, path.posix.join(dir, f)) : undefined;
      if (doc) layers.push(objectLayer(documentValue(inv, doc), doc));
    }
  }
  if (c.valuesInline !== undefined) layers.push(objectLayer(c.valuesInline, child(at, 'valuesInline')));
  return layers;
}

function fluxLayers(inv: Inventory, h: K8sObject): ValuesLayer[] {
  const layers: ValuesLayer[] = [];
  const from = valueAt(h.value, ['spec', 'valuesFrom']);
  if (Array.isArray(from)) {
    from.forEach((ref, i) => {
      if (!isRecord(ref) || ref.kind !== 'ConfigMap' || typeof ref.name !== 'string') return;
      const cm = objectsOfKindIn(inv, 'ConfigMap', '', h.namespace).find((o) => o.name === ref.name && sameNamespace(o, h));
      const key = typeof ref.valuesKey === 'string' ? ref.valuesKey : 'values.yaml';
      const text = cm ? configMapData(cm)[key] : undefined;
      if (!cm || text === undefined) return;
      const at = child(cm.at, 'data', key);
      const layer = typeof ref.targetPath === 'string' ? parameterLayer([{ name: ref.targetPath, value: text }], child(h.at, 'spec', 'valuesFrom', i)) : stringLayer(text, at);
      if (layer) layers.push(layer);
    });
  }
  const values = valueAt(h.value, ['spec', 'values']);
  if (values !== undefined) layers.push(objectLayer(values, child(h.at, 'spec', 'values')));
  return layers;
}

/** Argo CD's precedence: parameters over valuesObject over values (value files live in the chart's repository). */
function argoLayers(source: Record<string, unknown>, at: At): ValuesLayer[] {
  const helm = child(at, 'helm');
  return [
    stringLayer(valueAt(source, ['helm', 'values']), child(helm, 'values')),
    valueAt(source, ['helm', 'valuesObject']) === undefined ? undefined : objectLayer(valueAt(source, ['helm', 'valuesObject']), child(helm, 'valuesObject')),
    parameterLayer(valueAt(source, ['helm', 'parameters']), child(helm, 'parameters')),
  ].filter((l): l is ValuesLayer => l !== undefined);
}

/** A value of a release as Helm sees it: from the source of highest precedence that sets it. */
export function chartValue(c: ChartRef, p: readonly string[]): { value: unknown; at: At } | undefined {
  for (let i = c.layers.length - 1; i >= 0; i--) {
    const hit = c.layers[i]!.lookup(p);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Where a missing value of a release would be written: its values of highest precedence, else the chart. */
export function chartValuesAt(c: ChartRef): At {
  return c.layers.at(-1)?.at ?? c.at;
}

/** Helm charts the manifests install, by chart name. */
export function helmCharts(inv: Inventory): ChartRef[] {
  const out: ChartRef[] = [];
  for (const k of objectsOfKind(inv, 'Kustomization')) {
    const charts = k.value.helmCharts;
    if (!Array.isArray(charts)) continue;
    charts.forEach((c, i) => {
      if (!isRecord(c) || typeof c.name !== 'string') return;
      const at = child(k.at, 'helmCharts', i);
      out.push({ chart: c.name, values: c.valuesInline, at, object: k, layers: kustomizeLayers(inv, k, c, at) });
    });
  }
  for (const h of objectsOfKind(inv, 'HelmRelease')) {
    if (!apiGroup(h.apiVersion).startsWith('helm.toolkit.fluxcd.io')) continue;
    const chart = valueAt(h.value, ['spec', 'chart', 'spec', 'chart']) ?? valueAt(h.value, ['spec', 'chartRef', 'name']);
    if (typeof chart === 'string') out.push({ chart, values: valueAt(h.value, ['spec', 'values']), at: child(h.at, 'spec', 'chart'), object: h, layers: fluxLayers(inv, h) });
  }
  for (const a of objectsOfKind(inv, 'Application', 'argoproj.io')) {
    const single = valueAt(a.value, ['spec', 'source']);
    const many = valueAt(a.value, ['spec', 'sources']);
    const sources: [unknown, At][] = [[single, child(a.at, 'spec', 'source')], ...(Array.isArray(many) ? many.map((s, i): [unknown, At] => [s, child(a.at, 'spec', 'sources', i)]) : [])];
    for (const [s, at] of sources) {
      if (isRecord(s) && typeof s.chart === 'string') out.push({ chart: s.chart, values: valueAt(s, ['helm', 'valuesObject']) ?? valueAt(s, ['helm', 'values']), at, object: a, layers: argoLayers(s, at) });
    }
  }
  return out;
}

/**
 * Charts of Helm chart folders in the inputs (a `Chart.yaml` and its `values.yaml`): the chart itself, and each
 * dependency of an umbrella chart, whose values sit under its alias or name. A dependency whose condition the
 * values turn off is not installed.
 */
export function chartFolders(inv: Inventory): ChartRef[] {
  const out: ChartRef[] = [];
  for (const doc of inv.documents) {
    // Most documents are not a Chart.yaml: test the name's end before normalizing the path.
    if (!doc.origin.file.endsWith('Chart.yaml')) continue;
    const file = doc.origin.file.replaceAll('\\', '/');
    if (path.posix.basename(file) !== 'Chart.yaml' || !isRecord(doc.value) || typeof doc.value.name !== 'string') continue;
    const root: At = { origin: doc.origin, path: [] };
    const valuesDoc = documentAt(inv, path.posix.join(path.posix.dirname(file), 'values.yaml'));
    const values = valuesDoc ? documentValue(inv, valuesDoc) : undefined;
    const layers = (under: string[]): ValuesLayer[] => (valuesDoc ? [objectLayer(valueAt(values, under), child(valuesDoc, ...under))] : []);
    out.push({ chart: doc.value.name, values, at: root, layers: layers([]) });
    const deps = doc.value.dependencies;
    if (!Array.isArray(deps)) continue;
    deps.forEach((d, i) => {
      if (!isRecord(d) || typeof d.name !== 'string') return;
      // Helm reads the first condition path that is set; false leaves the dependency out.
      const condition = typeof d.condition === 'string' ? d.condition.split(',').map((c) => valueAt(values, c.trim().split('.'))).find((v) => typeof v === 'boolean') : undefined;
      if (condition === false) return;
      const key = typeof d.alias === 'string' ? d.alias : d.name;
      out.push({ chart: d.name, values: valueAt(values, [key]), at: child(root, 'dependencies', i), layers: layers([key]) });
    });
  }
  return out;
}

/**
 * Helm releases a cluster definition installs: a CDK `addHelmChart` (Custom::AWSCDK-EKS-HelmChart, its Values a JSON
 * string) or a Terraform helm_release (`values` strings, then `set` entries over them). Values that Terraform or
 * CloudFormation compute as a whole at deploy time give no layer: the chart's defaults stand for them.
 */
export function definitionCharts(inv: Inventory): ChartRef[] {
  const out: ChartRef[] = [];
  for (const r of cfnResources(inv)) {
    if (!r.type.endsWith('HelmChart') || typeof r.properties.Chart !== 'string') continue;
    const layer = stringLayer(r.properties.Values, child(r.at, 'Properties', 'Values'));
    out.push({ chart: r.properties.Chart, values: r.properties.Values, at: child(r.at, 'Properties', 'Chart'), layers: layer ? [layer] : [], label: `${r.type} ${r.id}` });
  }
  for (const b of tfBlocks(inv, 'resource', 'helm_release')) {
    if (typeof b.value.chart !== 'string') continue;
    const values = Array.isArray(b.value.values) ? b.value.values : [];
    // A heredoc with ${...} inside is still YAML (the reference is a string value); yamlencode(...) as a whole is not.
    const layers = values.flatMap((v, i) => (typeof v === 'string' && !/^\$\{[^}]*\}$/s.test(v.trim()) ? [stringLayer(v, child(b.at, 'values', i))] : [])).filter((l): l is ValuesLayer => l !== undefined);
    const set = parameterLayer(b.value.set, child(b.at, 'set'));
    out.push({ chart: b.value.chart, values: undefined, at: child(b.at, 'chart'), layers: set ? [...layers, set] : layers, label: tfAddress(b) });
  }
  return out;
}

// Rules ask for the same components (a CNI's DaemonSet, a log agent) per target; with 100,000 manifests each ask
// would otherwise test every workload's name and images again. Most asks find nothing, which one search of all the
// names and images at once tells.
const matchCache = new WeakMap<Inventory, { readonly size: number; readonly answers: Map<string, WorkloadFact[]>; haystack?: Haystack }>();

/** Workloads whose name, or one of whose container images, matches, in input order. */
export function workloadsMatching(inv: Inventory, pattern: RegExp, kinds?: readonly string[]): WorkloadFact[] {
  let cache = matchCache.get(inv);
  if (!cache || cache.size !== inv.workloads.length) {
    cache = { size: inv.workloads.length, answers: new Map() };
    matchCache.set(inv, cache);
  }
  const key = `${pattern.source}/${pattern.flags}/${kinds?.join(',') ?? '*'}`;
  let answer = cache.answers.get(key);
  if (!answer) {
    cache.haystack ??= new Haystack(identities(inv.workloads));
    if (!cache.haystack.mayMatch(pattern)) answer = [];
    else {
      // A global or sticky pattern keeps state between tests: reset it so every workload is tested from the start.
      const test = (s: string): boolean => {
        pattern.lastIndex = 0;
        return pattern.test(s);
      };
      answer = inv.workloads.filter((w) => (kinds === undefined || kinds.includes(w.object.kind)) && (test(w.object.name) || w.containers.some((c) => c.image !== undefined && test(c.image))));
    }
    cache.answers.set(key, answer);
  }
  return [...answer];
}

/** Every workload's name and container images. */
function identities(workloads: readonly WorkloadFact[]): string[] {
  const out: string[] = [];
  for (const w of workloads) {
    out.push(w.object.name);
    for (const c of w.containers) if (c.image !== undefined) out.push(c.image);
  }
  return out;
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
