/** Where a fact came from: a file, a document in it, and a lazily computed line/column for any path inside it. */
import type { SourceLocation } from '../errors.js';

export type PathKey = string | number;

export interface Origin {
  readonly file: string;
  /** 0-based index of the YAML document inside the file. */
  readonly docIndex: number;
  /**
   * The position of `path`, or of its nearest existing parent when `path` is missing.
   * Computed on demand: only documents that produce findings pay for positions.
   */
  locate(path: readonly PathKey[]): SourceLocation;
}

/** A pointer into a document: the origin plus the document path of the value (which may not exist). */
export interface At {
  readonly origin: Origin;
  readonly path: readonly PathKey[];
}

export function child(at: At, ...keys: PathKey[]): At {
  return { origin: at.origin, path: [...at.path, ...keys] };
}

export function formatDocPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

export function locationOf(at: At): SourceLocation {
  return at.origin.locate(at.path);
}
