/** OpenTelemetry (and ADOT) collectors in manifests, with the pipelines of their configuration. */
import { yamlLib } from '../../yaml-lib.js';
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { configMapData, mountedConfigMaps, workloadsMatching } from './components.js';

export const OTEL_IMAGE = /opentelemetry-collector|aws-otel-collector|otelcol/;

export interface Pipeline {
  readonly name: string;
  readonly receivers: readonly string[];
  readonly exporters: readonly string[];
}

export interface Collector {
  readonly what: string;
  readonly at: At;
  /** The configurations found for it: undefined when none is in the inputs. */
  readonly config: { readonly pipelines: readonly Pipeline[]; readonly at: At } | undefined;
}

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** service.pipelines of a collector configuration (an object, or YAML text); undefined when it is not one. */
export function pipelinesOf(config: unknown): Pipeline[] | undefined {
  let c = config;
  if (typeof c === 'string') {
    try {
      c = yamlLib().parse(c);
    } catch {
      return undefined;
    }
  }
  const p = valueAt(c, ['service', 'pipelines']);
  if (!isRecord(p)) return undefined;
  return Object.entries(p).map(([name, body]) => ({ name, receivers: names(valueAt(body, ['receivers'])), exporters: names(valueAt(body, ['exporters'])) }));
}

/** Pipelines of one signal: `traces`, `traces/xray`, ... */
export function pipelinesFor(c: Collector, signal: 'traces' | 'metrics' | 'logs'): Pipeline[] {
  return (c.config?.pipelines ?? []).filter((p) => p.name === signal || p.name.startsWith(`${signal}/`));
}

export function otelCollectors(inv: Inventory): Collector[] {
  const out: Collector[] = [];
  for (const w of workloadsMatching(inv, OTEL_IMAGE)) {
    let config: Collector['config'];
    for (const cm of mountedConfigMaps(inv, w)) {
      for (const [key, text] of Object.entries(configMapData(cm))) {
        const pipelines = pipelinesOf(text);
        if (pipelines && !config) config = { pipelines, at: child(cm.at, 'data', key) };
      }
    }
    out.push({ what: `${w.object.kind} ${w.object.namespace ? `${w.object.namespace}/` : ''}${w.object.name}`, at: w.object.at, config });
  }
  // The OpenTelemetry Operator's collector: spec.config is an object in v1beta1, YAML text in v1alpha1.
  for (const o of objectsOfKind(inv, 'OpenTelemetryCollector', 'opentelemetry.io')) {
    const pipelines = pipelinesOf(valueAt(o.value, ['spec', 'config']));
    out.push({ what: `OpenTelemetryCollector ${o.name}`, at: o.at, config: pipelines ? { pipelines, at: child(o.at, 'spec', 'config') } : undefined });
  }
  return out;
}
