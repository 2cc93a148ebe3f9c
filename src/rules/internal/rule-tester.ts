/** Runs one rule over in-memory files, the way `keelson check` would; used by the rule tests. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFile, readInputs } from '../../sources/read-inputs.js';
import { emptyInventory } from '../../sources/inventory.js';
import { runRules } from '../engine.js';
import type { CheckResult, Rule, RuleOptions } from '../types.js';
import { loadDefinitionParser } from '../../sources/keelson/definition-parser.js';

// The rule tests read keelson definitions with the synchronous reader, as `keelson plan` does: load the parser first.
await loadDefinitionParser();

export function checkFiles(rule: Rule<unknown>, files: Record<string, string>, options: RuleOptions = {}): CheckResult {
  const inv = emptyInventory();
  for (const [name, text] of Object.entries(files)) addFile(inv, name, Buffer.from(text));
  return runRules([rule], inv, options);
}

export function checkYaml(rule: Rule<unknown>, text: string, options: RuleOptions = {}): CheckResult {
  return checkFiles(rule, { 'in.yaml': text }, options);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** ../shared/fixtures beside the repository; tests that need it skip with a clear message when it is absent. */
export const sharedFixtures = path.join(path.resolve(repoRoot, '../shared'), 'fixtures');
export const hasSharedFixtures = existsSync(sharedFixtures);
export const sharedSkipNote = hasSharedFixtures ? 'real-world fixtures' : `real-world fixtures (skipped: ${sharedFixtures} is absent)`;

export function checkFixtures(rule: Rule<unknown>, relPaths: readonly string[], options: RuleOptions = {}): CheckResult {
  const inv = readInputs(relPaths.map((p) => path.join(sharedFixtures, p)), (f) => path.relative(sharedFixtures, f));
  return runRules([rule], inv, options);
}

/** `id line` pairs of the failing findings: what a rule test asserts. */
export function failures(r: CheckResult): string[] {
  return r.findings.filter((f) => f.outcome === 'fail').map((f) => `${f.id} ${f.location.file}:${f.location.line}`);
}
