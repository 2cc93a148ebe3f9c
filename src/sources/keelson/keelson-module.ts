/**
 * keelson.config.ts (or .mts/.js/.mjs) as an input of `keelson check`: the module is compiled and imported exactly
 * as `keelson synth` loads it, and its default export is read like a keelson.yaml, located in the module's source.
 * Running it is running the user's own configuration code, so only files named keelson.config.* and scripts that call
 * defineCluster are loaded; any other script is skipped with a notice.
 */
import path from 'node:path';
import type { SourceLocation } from '../../errors.js';
import { formatProblem, isKeelsonError } from '../../errors.js';
import { isRecord } from '../detect.js';
import { formatDocPath } from '../location.js';
import type { Origin, PathKey } from '../location.js';
import { lineColumn } from '../yaml.js';
import type { ReadResult } from '../yaml.js';
import { moduleOffset } from './module-locator.js';

/** Script files: only the async reader loads them (importing a module is asynchronous). */
export const MODULE_FILE = /\.(?:[mc]?ts|[mc]?js)$/i;
/** The names `keelson synth` looks for; picked out of directories. */
export const CONFIG_MODULE = /(?:^|[\\/])keelson\.config\.(?:m?ts|m?js)$/i;

function position(text: string, offset: number, file: string, docPath: readonly PathKey[]): SourceLocation {
  const { line, column } = lineColumn(text, offset);
  const loc = { file, line: line + 1, column };
  return docPath.length > 0 ? { ...loc, path: formatDocPath(docPath) } : loc;
}

/** Reads one config module; `absolute` is its path on disk (for the import), `file` the name reports show. */
export async function readKeelsonModule(bytes: Uint8Array, file: string, absolute: string): Promise<ReadResult> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  if (!CONFIG_MODULE.test(absolute) && !/\bdefineCluster\s*\(/.test(text)) {
    return { documents: [], notices: [{ kind: 'skipped', message: 'skipped: a script that is neither keelson.config.* nor calls defineCluster (only those are loaded)', location: { file } }] };
  }
  let value: unknown;
  try {
    const { importConfig } = await import('../../model/load.js');
    value = await importConfig(path.resolve(absolute), file);
  } catch (e) {
    const message = isKeelsonError(e) ? e.problems.map(formatProblem).join('; ') : e instanceof Error ? e.message : String(e);
    return { documents: [], notices: [{ kind: 'rejected', message: `keelson definition not loaded: ${message}`, location: { file } }] };
  }
  if (!isRecord(value)) {
    return { documents: [], notices: [{ kind: 'rejected', message: 'keelson definition not loaded: the module\'s default export is not an object', location: { file } }] };
  }
  const origin: Origin = { file, docIndex: 0, locate: (p) => position(text, moduleOffset(text, p), file, p) };
  return { documents: [{ origin, value, text, documentCount: 1, module: true }], notices: [] };
}
