/** Test helpers: run rules over in-memory or fixture Terraform files through the async reader, as `keelson check` does. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRules } from '../../rules/engine.js';
import type { CheckResult, Rule } from '../../rules/types.js';
import { emptyInventory } from '../inventory.js';
import type { Inventory } from '../inventory.js';
import { addFileAsync, readInputsAsync } from '../read-inputs.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

export async function inventoryOf(files: Record<string, string>): Promise<Inventory> {
  const inv = emptyInventory();
  for (const [name, text] of Object.entries(files)) await addFileAsync(inv, name, Buffer.from(text));
  return inv;
}

export async function checkTerraform(rule: Rule<unknown>, files: Record<string, string>): Promise<CheckResult> {
  return runRules([rule], await inventoryOf(files));
}

/**
 * Rules over files on disk, read as `keelson check DIR` reads them, for what reads beside the configuration
 * (file(), templatefile()): the files go into a fresh `<tmp>/infra` (a name starting `../` lands beside it), which is
 * removed once the rules have run. Reports name files relative to that directory, or as read (absolute) when asked.
 */
export async function checkOnDisk(rules: readonly Rule<unknown>[], files: Record<string, string>, names: 'relative' | 'absolute' = 'relative'): Promise<CheckResult & { readonly inventory: Inventory }> {
  const parent = mkdtempSync(path.join(tmpdir(), 'keelson-tf-'));
  const dir = path.join(parent, 'infra');
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const inventory = await readInputsAsync([dir], names === 'relative' ? (f) => path.relative(dir, f) : undefined);
    return { ...runRules(rules, inventory), inventory };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

export async function checkTerraformFixture(rule: Rule<unknown>, name: string): Promise<CheckResult> {
  return runRules([rule], await readInputsAsync([path.join(FIXTURES, name)], (f) => path.relative(FIXTURES, f)));
}

/** `outcome id file:line` of every finding, failures and not-evaluated alike, in report order. */
export function outcomes(r: CheckResult): string[] {
  return r.findings.map((f) => `${f.outcome} ${f.id} ${f.location.file}:${f.location.line}`);
}

/** A plan (`terraform show -json`) of these resources, `after_unknown` of each taken from `unknown[address]`. */
export function planJson(resources: readonly { address: string; type: string; values: Record<string, unknown> }[], unknown: Record<string, Record<string, unknown>> = {}): string {
  const name = (a: string): string => a.replace(/\[[^\]]*\]$/, '').split('.').at(-1) ?? a;
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: name(r.address), values: r.values })) } },
      resource_changes: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: name(r.address), change: { actions: ['create'], before: null, after: r.values, after_unknown: unknown[r.address] ?? {} } })),
    },
    null,
    2,
  );
}
