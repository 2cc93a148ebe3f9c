/** keelson's own synth output, for rule tests: every DEF rule must pass the cloud assembly keelson writes. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefinition } from '../../model/load.js';
import { readInputs } from '../../sources/read-inputs.js';
import type { Inventory } from '../../sources/inventory.js';
import { synthesize } from '../../synth/synthesize.js';
import { runRules } from '../engine.js';
import type { CheckResult, Rule } from '../types.js';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/production/keelson.config.ts');
let cached: Promise<Inventory> | undefined;

/** The inventory of the production example's cloud assembly, synthesized once per test file. */
function ownInventory(): Promise<Inventory> {
  cached ??= (async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-rule-own-'));
    try {
      const { definition } = await loadDefinition(example);
      await synthesize(definition, { outDir: path.join(tmp, 'cdk.out'), validate: false });
      return readInputs([path.join(tmp, 'cdk.out')], (f) => path.relative(tmp, f));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  })();
  return cached;
}

export async function checkOwnOutput(rule: Rule<unknown>): Promise<CheckResult> {
  return runRules([rule], await ownInventory());
}

/** Synth takes seconds: the timeout of a test that calls checkOwnOutput. */
export const OWN_OUTPUT_TIMEOUT_MS = 60_000;
