/**
 * CDK cloud assemblies (`cdk.out`): the manifest.json lists the stack templates (artifacts of type
 * `aws:cloudformation:stack`, `properties.templateFile`) and nested assemblies of CDK stages (`cdk:cloud-assembly`,
 * `properties.directoryName`). Given a manifest, keelson reads every template it lists, wherever the walk of the
 * inputs would or would not have found them; a template is read once however it was reached.
 */
import path from 'node:path';
import { isRecord } from '../detect.js';

/** A cloud assembly manifest, by content: a schema version and artifacts of the types CDK writes. */
export function isCloudAssemblyManifest(v: unknown): boolean {
  if (!isRecord(v) || typeof v.version !== 'string' || !isRecord(v.artifacts)) return false;
  return Object.values(v.artifacts).some((a) => isRecord(a) && typeof a.type === 'string' && /^(aws:cloudformation:stack|cdk:cloud-assembly|cdk:asset-manifest|cdk:tree)$/.test(a.type));
}

/** The files a manifest points at, absolute: stack templates, and the manifests of nested assemblies. */
export function assemblyFiles(manifestFile: string, v: unknown): { templates: string[]; nested: string[] } {
  const dir = path.dirname(manifestFile);
  const templates: string[] = [];
  const nested: string[] = [];
  if (!isRecord(v) || !isRecord(v.artifacts)) return { templates, nested };
  // Artifact order is the manifest's; sorting keeps reports stable whatever order CDK wrote them in.
  for (const id of Object.keys(v.artifacts).sort()) {
    const a = v.artifacts[id];
    if (!isRecord(a) || !isRecord(a.properties)) continue;
    const props = a.properties;
    if (a.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string') templates.push(path.resolve(dir, props.templateFile));
    if (a.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') nested.push(path.resolve(dir, props.directoryName, 'manifest.json'));
  }
  return { templates, nested };
}

// A manifest is small; anything this large is some other JSON, so it is never parsed twice.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** The manifest's value when `bytes` (of a `.json` file) is a cloud assembly manifest. */
export function manifestValue(file: string, bytes: Uint8Array): unknown {
  if (!/\.json$/i.test(file) || bytes.length > MAX_MANIFEST_BYTES) return undefined;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)).toString('utf8');
  if (!head.includes('"artifacts"')) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    return isCloudAssemblyManifest(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The input files in reading order: those given (directories already expanded), then the templates and nested
 * manifests of every cloud assembly manifest read on the way, each once. A listed file missing on disk is passed to
 * `missing` instead of failing the whole check.
 */
export class InputQueue {
  private readonly queue: string[];
  private readonly seen: Set<string>;
  private index = 0;

  constructor(
    files: readonly string[],
    private readonly exists: (file: string) => boolean,
    private readonly missing: (file: string, manifest: string) => void,
  ) {
    this.queue = [...files];
    this.seen = new Set(this.queue.map((f) => path.resolve(f)));
  }

  next(): string | undefined {
    return this.queue[this.index++];
  }

  /** Called with each file just read: a manifest queues what it lists. */
  follow(file: string, bytes: Uint8Array): void {
    const manifest = manifestValue(file, bytes);
    if (manifest === undefined) return;
    const { templates, nested } = assemblyFiles(path.resolve(file), manifest);
    for (const f of [...templates, ...nested]) {
      if (this.seen.has(f)) continue;
      this.seen.add(f);
      if (this.exists(f)) this.queue.push(f);
      else this.missing(f, file);
    }
  }
}
