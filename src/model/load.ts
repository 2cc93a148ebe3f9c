/** Loads a definition from keelson.config.ts (or .js/.mjs) or keelson.yaml, with source positions for YAML. */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { yamlLib } from '../yaml-lib.js';
import type { Node as YamlNode } from 'yaml';
import { KeelsonError } from '../errors.js';
import type { SourceLocation } from '../errors.js';
import { parseDefinition } from './parse.js';
import type { ClusterDefinition } from './schema.js';
import type { PathKey } from './issues.js';

export const CONFIG_CANDIDATES = ['keelson.config.ts', 'keelson.config.mts', 'keelson.config.js', 'keelson.config.mjs', 'keelson.yaml', 'keelson.yml'];

export const MAX_YAML_BYTES = 1024 * 1024;

export function findConfig(dir: string): string | undefined {
  return CONFIG_CANDIDATES.map((c) => path.join(dir, c)).find((p) => existsSync(p));
}

export interface LoadedDefinition {
  readonly file: string;
  readonly definition: ClusterDefinition;
}

export async function loadDefinition(file: string): Promise<LoadedDefinition> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    throw new KeelsonError('CONFIG_NOT_FOUND', [{ location: { file }, message: 'file not found', fix: `create it with "keelson init", or pass --config with the path of your keelson.config.ts or keelson.yaml` }]);
  }
  const shown = path.relative(process.cwd(), abs) || abs;
  if (/\.ya?ml$/i.test(abs)) return { file: abs, definition: parseYamlDefinition(readFileSync(abs, 'utf8'), shown) };
  return { file: abs, definition: parseDefinition(await importConfig(abs, shown), { file: shown }) };
}

/**
 * Compiles the config with esbuild to a sibling .mjs (as Vite does for vite.config.ts), so its imports resolve
 * as they would for the .ts file, then imports it natively. tsx's loader hooks would also intercept every
 * aws-cdk-lib module the config pulls in through 'keelson' (seconds); it remains the fallback for configs that
 * import other TypeScript files.
 */
async function importTypeScript(abs: string): Promise<{ default?: unknown }> {
  const { transformSync } = await import('esbuild');
  const source = readFileSync(abs, 'utf8');
  // Relative imports may name other TypeScript files, which only tsx can load.
  const importsTypeScript = /from\s+['"]\.{1,2}\//.test(source);
  if (!importsTypeScript) {
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: abs });
    const tmp = `${abs}.timestamp-${Date.now()}-${process.pid}.mjs`;
    let written = false;
    try {
      writeFileSync(tmp, code);
      written = true;
    } catch {
      // A read-only checkout: fall through to tsx, which compiles in memory.
    }
    if (written) {
      try {
        return (await import(pathToFileURL(tmp).href)) as { default?: unknown };
      } finally {
        rmSync(tmp, { force: true });
      }
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(abs).href, import.meta.url)) as { default?: unknown };
}

/** The default export of a keelson.config.ts/.js module, compiled and imported; KeelsonError when it cannot be loaded. */
export async function importConfig(abs: string, shown: string): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    if (/\.[mc]?ts$/.test(abs)) {
      mod = await importTypeScript(abs);
    } else {
      mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new KeelsonError('CONFIG_LOAD_FAILED', [{ location: { file: shown }, message: `could not load the config: ${why}`, fix: 'fix the error above; the file must "export default defineCluster({...})"' }]);
  }
  // A config compiled as CommonJS (a project without "type": "module") arrives as { default: { default: ... } }.
  const inner = mod.default as { default?: unknown; name?: unknown } | undefined;
  if (inner && typeof inner === 'object' && 'default' in inner && !('name' in inner)) mod = { default: inner.default };
  if (mod.default === undefined) {
    throw new KeelsonError('CONFIG_LOAD_FAILED', [{ location: { file: shown }, message: 'the config has no default export', fix: 'end the file with "export default defineCluster({...})"' }]);
  }
  return mod.default;
}

/** Parses keelson.yaml text. Syntax errors and alias bombs are reported with their position, never thrown raw. */
export function parseYamlDefinition(text: string, file = 'keelson.yaml'): ClusterDefinition {
  if (Buffer.byteLength(text) > MAX_YAML_BYTES) {
    throw new KeelsonError('YAML_SYNTAX', [{ location: { file }, message: `file is larger than ${MAX_YAML_BYTES} bytes`, fix: 'a cluster definition is a few kilobytes; check that this is the right file' }]);
  }
  const { isMap, isSeq, LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new KeelsonError('YAML_SYNTAX', doc.errors.map((e) => ({ location: pos(e.pos[0]), message: e.message.split('\n')[0] ?? e.message, fix: 'fix the YAML syntax at this position' })));
  }
  let data: unknown;
  try {
    // A small alias budget stops "billion laughs" documents long before they exhaust memory.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new KeelsonError('YAML_SYNTAX', [{ location: { file }, message: `YAML rejected: ${e instanceof Error ? e.message : String(e)}`, fix: 'remove the excessive aliases; a definition needs none' }]);
  }
  const locate = (p: readonly PathKey[]): SourceLocation => {
    // The nearest node that exists: a missing field points at its parent.
    for (let n = p.length; n >= 0; n--) {
      const sub = p.slice(0, n);
      const node = (sub.length === 0 ? doc.contents : doc.getIn(sub as unknown[], true)) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        if (n === p.length || !(isMap(node) || isSeq(node))) return pos(node.range[0]);
        // For a missing key inside a map, point at the map's key in its parent when we can.
        return pos(node.range[0]);
      }
      if (n === p.length && n > 0) {
        // An unknown key: point at the key itself.
        const parent = (n === 1 ? doc.contents : doc.getIn(p.slice(0, n - 1) as unknown[], true)) as YamlNode | undefined;
        if (parent && isMap(parent)) {
          const pair = parent.items.find((it) => (it.key as { value?: unknown } | null)?.value === p[n - 1]);
          const k = pair?.key as YamlNode | undefined;
          if (k?.range) return pos(k.range[0]);
        }
      }
    }
    return { file };
  };
  return parseDefinition(data, { file, locate });
}
