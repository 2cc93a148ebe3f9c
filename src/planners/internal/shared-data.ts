/**
 * Where the shared reference data lives for tests and build scripts: ../shared next to the repository. Planners
 * never read it at run time; they use the embedded copies built from it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const sharedDataDir = path.join(sharedDir, 'data');

export function sharedDataFile(name: string): string | undefined {
  const p = path.join(sharedDataDir, name);
  return existsSync(p) ? p : undefined;
}

export function skipReason(name: string): string {
  return `skipped: ${path.join(sharedDataDir, name)} is absent (the shared reference data sits beside the repository)`;
}
