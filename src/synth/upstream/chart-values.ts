/**
 * What `helm install` checks before it renders anything: the chart's own values.yaml overlaid with the release's
 * values must validate against the chart's values.schema.json. keelson runs the same check at synth time so a
 * renamed or retyped value fails here, not in the cluster.
 */
import { Parser } from 'tar';
import type { ReadEntry } from 'tar';
import { parse } from 'yaml';
import { UpstreamError } from './registry-client.js';

export interface ChartFiles {
  readonly name: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
  readonly schema?: Record<string, unknown>;
}

const WANTED = new Set(['Chart.yaml', 'values.yaml', 'values.schema.json']);
/** A chart's top-level files are small; anything larger is not a chart file we need. */
const MAX_FILE = 8 * 1024 * 1024;

/** The chart's top-level Chart.yaml, values.yaml and values.schema.json; subcharts are not read. */
export async function readChartArchive(archive: Buffer): Promise<ChartFiles> {
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const parts = entry.path.split('/');
        if (parts.length !== 2 || !WANTED.has(parts[1]!) || entry.size > MAX_FILE) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => files.set(parts[1]!, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', (e: Error) => reject(new UpstreamError(`the chart archive is not a gzip tar (${e.message})`, 'invalid')));
    parser.on('end', () => resolve());
    parser.end(archive);
  });
  const chartYaml = files.get('Chart.yaml');
  if (!chartYaml) throw new UpstreamError('the chart archive has no Chart.yaml at its top level', 'invalid');
  const meta = parse(chartYaml, { maxAliasCount: 100 }) as { name?: string; version?: string };
  const values = (parse(files.get('values.yaml') ?? '{}', { maxAliasCount: 1000 }) ?? {}) as Record<string, unknown>;
  const schemaText = files.get('values.schema.json');
  let schema: Record<string, unknown> | undefined;
  if (schemaText) {
    try {
      schema = JSON.parse(schemaText) as Record<string, unknown>;
    } catch (e) {
      throw new UpstreamError(`the chart's values.schema.json is not JSON (${(e as Error).message})`, 'invalid');
    }
  }
  return { name: String(meta.name), version: String(meta.version), values, schema };
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's coalescing: maps merge key by key, anything else replaces, and null removes the chart's default. */
export function coalesceValues(chart: Record<string, unknown>, release: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...chart };
  for (const [k, v] of Object.entries(release)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = coalesceValues(out[k], v);
    else out[k] = v;
  }
  return out;
}

export interface SchemaProblem {
  /** A JSON pointer into the values, "/replicas" or "" for the root. */
  readonly path: string;
  readonly message: string;
}

/** Ajv is loaded only here: verification is an explicit command, not part of every synth. */
export async function validateValues(schema: Record<string, unknown>, values: Record<string, unknown>): Promise<SchemaProblem[]> {
  const draft = String(schema.$schema ?? '');
  const AjvClass = draft.includes('2020-12')
    ? (await import('ajv/dist/2020.js')).Ajv2020
    : draft.includes('2019-09')
      ? (await import('ajv/dist/2019.js')).Ajv2019
      : (await import('ajv')).Ajv;
  // Chart schemas often carry keywords ajv does not know (helm ignores them too).
  const ajv = new AjvClass({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath,
    message: e.keyword === 'additionalProperties' ? `unknown value "${String((e.params as { additionalProperty?: string }).additionalProperty)}"` : (e.message ?? e.keyword),
  }));
}
