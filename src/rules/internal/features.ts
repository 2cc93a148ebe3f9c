/** Shared by rules on settings beside the cluster (FeatureFact): on anywhere in the inputs passes, since such settings often live in another stack. */
import type { ClusterFact, FeatureFact } from '../../sources/inventory.js';
import type { RuleContext, Verdict } from '../types.js';

/** `off` names what is missing, as in "cluster X: <off> (iam.withOIDC, by default)". */
export function judgeFeature(c: ClusterFact, ctx: RuleContext, features: readonly FeatureFact['feature'][], off: string, missing: () => Verdict[]): Verdict[] {
  const found = ctx.inventory.features.filter((f) => features.includes(f.feature));
  if (found.some((f) => f.enabled.value === true)) return [];
  const open = found.find((f) => f.enabled.value === undefined);
  if (open) return [ctx.notEvaluated(`${open.detail}: ${open.enabled.unresolved ?? 'unknown'}`, open.enabled.at)];
  const disabled = found.find((f) => f.enabled.value === false);
  if (disabled) return [ctx.fail(`cluster ${c.name}: ${off} (${disabled.detail}${disabled.enabled.defaulted ? ' is off by default' : ''})`, disabled.enabled.at)];
  return missing();
}
