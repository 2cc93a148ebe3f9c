/**
 * Settings beside the cluster in Terraform, as feature facts: an IAM OIDC provider (aws_iam_openid_connect_provider,
 * or terraform-aws-modules/eks `enable_irsa`, on by default) and the EKS Pod Identity agent (aws_eks_addon, or the
 * module's `cluster_addons` / v21 `addons`).
 */
import { child } from '../location.js';
import { isRecord } from '../detect.js';
import type { FeatureFact } from '../inventory.js';
import { firstUnknown } from './tf-expr.js';
import type { ConfigModel } from './tf-config.js';
import { isEksModule } from './tf-eks-module.js';

const POD_IDENTITY = 'eks-pod-identity-agent';

export function featureFacts(m: ConfigModel): FeatureFact[] {
  const out: FeatureFact[] = [];
  for (const p of m.instances('aws_iam_openid_connect_provider')) {
    out.push({ source: 'terraform', feature: 'oidcProvider', enabled: { value: true, at: p.at }, detail: p.address });
  }
  for (const a of m.instances('aws_eks_addon')) {
    const name = isRecord(a.value) ? m.evaluate(a.value.addon_name, a.env) : undefined;
    if (name === POD_IDENTITY) out.push({ source: 'terraform', feature: 'podIdentityAgent', enabled: { value: true, at: a.at }, detail: `${a.address} (${POD_IDENTITY})` });
  }
  for (const mod of m.modules()) {
    if (!isEksModule(m.scope, mod) || !isRecord(mod.value)) continue;
    const irsa = mod.value.enable_irsa;
    const value = irsa === undefined ? true : m.evaluate(irsa, mod.env);
    const at = irsa === undefined ? mod.at : child(mod.at, 'enable_irsa');
    const detail = `enable_irsa of module.${mod.name}`;
    if (typeof value === 'boolean' || value === 'true' || value === 'false') {
      out.push({ source: 'terraform', feature: 'oidcProvider', enabled: { value: value === true || value === 'true', at, ...(irsa === undefined ? { defaulted: true } : {}) }, detail });
    } else out.push({ source: 'terraform', feature: 'oidcProvider', enabled: { value: undefined, at, unresolved: firstUnknown(value)?.reason ?? 'not a bool' }, detail });
    for (const input of ['cluster_addons', 'addons']) {
      const addons = m.evaluate(mod.value[input], mod.env);
      if (isRecord(addons) && POD_IDENTITY in addons && addons[POD_IDENTITY] !== null) {
        out.push({ source: 'terraform', feature: 'podIdentityAgent', enabled: { value: true, at: child(mod.at, input, POD_IDENTITY) }, detail: `${input}["${POD_IDENTITY}"] of module.${mod.name}` });
      }
    }
  }
  return out;
}
