/** Evidence for cluster-wide rules: anything that satisfies the rule passes it; otherwise the broken ones decide. */
import { isRecord } from '../../sources/detect.js';
import type { Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { isTfExpression, tfBlocks } from './definitions.js';
import type { RuleContext, Verdict } from '../types.js';

export interface Found {
  /** This piece of evidence satisfies the rule. */
  readonly ok: boolean;
  readonly what: string;
  readonly at: At;
  /** Why it does not, for one that is not ok. */
  readonly message?: string;
  /** Known only at deploy time: not evaluated rather than failed. */
  readonly undecided?: boolean;
  readonly sub?: string;
}

/** Any working evidence passes; otherwise each broken one fails (or is not evaluated); with none, `missing` decides. */
export function judgeEvidence(ctx: RuleContext, found: readonly Found[], missing: () => Verdict[]): Verdict[] {
  if (found.some((f) => f.ok)) return [];
  const broken = found.filter((f) => !f.ok);
  if (broken.length > 0) {
    return broken.map((f) => {
      const extra = f.sub ? { sub: f.sub } : {};
      return f.undecided ? ctx.notEvaluated(f.message ?? f.what, f.at, extra) : ctx.fail(f.message ?? f.what, f.at, extra);
    });
  }
  return missing();
}

/**
 * The add-on in terraform-aws-modules/eks inputs: cluster_addons (v20) or addons (v21), keyed by add-on name. An
 * expression there is known only to terraform plan, so it is undecided rather than missing.
 */
export function eksModuleAddon(inv: Inventory, addon: string): Found[] {
  const out: Found[] = [];
  for (const m of tfBlocks(inv, 'module')) {
    for (const key of ['cluster_addons', 'addons']) {
      const addons = m.value[key];
      if (isRecord(addons) && addon in addons) out.push({ ok: true, what: `module.${m.name} ${key}`, at: child(m.at, key, addon) });
      else if (isTfExpression(addons)) out.push({ ok: false, what: `module.${m.name} ${key}`, at: child(m.at, key), message: `module.${m.name} ${key} is a Terraform expression: whether it installs ${addon} is known only to terraform plan`, undecided: true });
    }
  }
  return out;
}
