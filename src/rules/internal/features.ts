/** Shared by rules on settings beside the cluster (FeatureFact): on anywhere in the inputs passes, since such settings often live in another stack. */
import type { ClusterFact, FeatureFact } from '../../sources/inventory.js';
import type { At } from '../../sources/location.js';
import type { RuleContext, Verdict } from '../types.js';

/**
 * Settings of one cluster, not of the account: with several clusters in the inputs, one cluster's OIDC provider or
 * Pod Identity agent says nothing about another's.
 */
const CLUSTER_SCOPED: ReadonlySet<FeatureFact['feature']> = new Set(['oidcProvider', 'podIdentityAgent']);

const documentOf = (at: At): string => `${at.origin.file}#${at.origin.docIndex}`;

/** `off` names what is missing, as in "cluster X: <off> (iam.withOIDC, by default)". */
export function judgeFeature(c: ClusterFact, ctx: RuleContext, features: readonly FeatureFact['feature'][], off: string, missing: () => Verdict[]): Verdict[] {
  // A cluster-scoped setting counts for the cluster of its own document, or for any when its document defines no cluster.
  const clusterDocuments = new Set(ctx.inventory.clusters.map((x) => documentOf(x.at)));
  const own = documentOf(c.at);
  const found = ctx.inventory.features.filter((f) => features.includes(f.feature) && (!CLUSTER_SCOPED.has(f.feature) || documentOf(f.enabled.at) === own || !clusterDocuments.has(documentOf(f.enabled.at))));
  if (found.some((f) => f.enabled.value === true)) return [];
  const open = found.find((f) => f.enabled.value === undefined);
  if (open) return [ctx.notEvaluated(`${open.detail}: ${open.enabled.unresolved ?? 'unknown'}`, open.enabled.at)];
  const disabled = found.find((f) => f.enabled.value === false);
  if (disabled) return [ctx.fail(`cluster ${c.name}: ${off} (${disabled.detail}${disabled.enabled.defaulted ? ' is off by default' : ''})`, disabled.enabled.at)];
  return missing();
}
