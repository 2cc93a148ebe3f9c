/**
 * How the nodes follow the control plane: Karpenter EC2NodeClass AMI selection (an alias that drifts, one that is
 * pinned, custom AMIs), NodePool disruption budgets that pace the replacement, AL2 that has no AMI for 1.33+, and the
 * kubelet version skew the nodes may keep meanwhile.
 */
import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { compareMinor, parseMinor } from './lifecycle.js';
import { locate } from './finding.js';
import type { UpgradeFinding } from './finding.js';

/** Kubernetes' version-skew policy since 1.28: a kubelet may be up to three minors older than the API server. */
export const MAX_KUBELET_SKEW = 3;
/** The first version EKS publishes no Amazon Linux 2 AMI for. */
export const NO_AL2_FROM = '1.33';

export function nodeDrift(inv: Inventory, from: string | undefined, target: string): UpgradeFinding[] {
  const out: UpgradeFinding[] = [];
  const al2Gone = compareMinor(target, NO_AL2_FROM) >= 0;
  for (const nc of objectsOfKind(inv, 'EC2NodeClass', 'karpenter.k8s.aws')) {
    const name = `EC2NodeClass ${nc.name}`;
    const terms = valueAt(nc.value, ['spec', 'amiSelectorTerms']);
    const list = Array.isArray(terms) ? terms : [];
    const aliasIndex = list.findIndex((t) => isRecord(t) && typeof t.alias === 'string');
    const termsAt = child(nc.at, 'spec', 'amiSelectorTerms');
    if (aliasIndex >= 0) {
      const alias = String((list[aliasIndex] as Record<string, unknown>).alias);
      const [family = '', version = ''] = alias.split('@');
      const at = locate(child(termsAt, aliasIndex, 'alias'));
      if (/^al2$/i.test(family) && al2Gone) {
        out.push({ area: 'nodes', level: 'blocker', message: `${name} selects Amazon Linux 2 (${alias}): EKS publishes no AL2 AMI for ${target}`, fix: 'move to al2023@latest (or bottlerocket@latest) before the upgrade', location: at });
      }
      if (version === 'latest') {
        out.push({ area: 'nodes', level: 'info', message: `${name} uses ${alias}: after the control-plane upgrade Karpenter drifts every node of its NodePools to the ${target} AMI`, fix: 'nothing to change; the NodePool disruption budgets set the pace', location: at });
      } else {
        out.push({ area: 'nodes', level: 'warning', message: `${name} pins ${alias}: its nodes keep that AMI's kubelet after the upgrade`, fix: `set the alias to an ${family} release built for ${target} (or ${family}@latest) after the control plane is on ${target}`, location: at });
      }
    } else if (list.length > 0) {
      out.push({ area: 'nodes', level: 'warning', message: `${name} selects AMIs by id, name or tags: Karpenter only drifts when that selection changes`, fix: `build or select AMIs for ${target} and update amiSelectorTerms after the control-plane upgrade`, location: locate(termsAt) });
    } else if (/^AL2$/i.test(String(valueAt(nc.value, ['spec', 'amiFamily']))) && al2Gone) {
      out.push({ area: 'nodes', level: 'blocker', message: `${name} uses amiFamily AL2: EKS publishes no AL2 AMI for ${target}`, fix: 'use amiSelectorTerms: [{alias: al2023@latest}]', location: locate(child(nc.at, 'spec', 'amiFamily')) });
    }
  }
  for (const np of objectsOfKind(inv, 'NodePool', 'karpenter.sh')) {
    const budgets = valueAt(np.value, ['spec', 'disruption', 'budgets']);
    if (!Array.isArray(budgets) || budgets.length === 0) {
      out.push({ area: 'nodes', level: 'warning', message: `NodePool ${np.name} has no disruption budgets: Karpenter's default lets 10% of its nodes drift at once`, fix: 'set spec.disruption.budgets (the guide: nodes: "10%", plus a schedule that blocks business hours if needed)', location: locate(child(np.at, 'spec', 'disruption')) });
    } else if (budgets.some((b) => isRecord(b) && (b.nodes === '0' || b.nodes === 0) && b.schedule === undefined && (b.reasons === undefined || (Array.isArray(b.reasons) && b.reasons.includes('Drifted'))))) {
      out.push({ area: 'nodes', level: 'blocker', message: `NodePool ${np.name} has a budget of 0 nodes without a schedule: drift never replaces its nodes`, fix: 'give the zero budget a schedule and duration, or raise it for the upgrade window', location: locate(child(np.at, 'spec', 'disruption', 'budgets')) });
    }
  }
  for (const ng of inv.nodeGroups.filter((n) => n.kind === 'nodeGroup')) {
    if (al2Gone && ng.amiFamily.value === 'AmazonLinux2') {
      out.push({ area: 'nodes', level: 'blocker', message: `node group ${ng.name} runs Amazon Linux 2: EKS publishes no AL2 AMI for ${target}`, fix: 'replace it with an AL2023 (or Bottlerocket) node group before the upgrade', location: locate(ng.amiFamily.at) });
    }
  }
  const f = from ? parseMinor(from) : undefined;
  const t = parseMinor(target);
  if (f && t && f[0] === t[0] && t[1] - f[1] > MAX_KUBELET_SKEW) {
    out.push({ area: 'nodes', level: 'blocker', message: `nodes on ${from} would be ${t[1] - f[1]} minors behind ${target}; the skew policy allows ${MAX_KUBELET_SKEW}`, fix: 'upgrade the nodes between control-plane steps, or move to a new cluster (blue-green)', location: undefined });
  }
  return out;
}
