import { child } from '../../sources/location.js';
import { valueAt } from '../../sources/fact.js';
import { defineRule } from '../define-rule.js';
import { objectTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

/** Each failure names only its own fix: the rule's remediation lists all four hardening steps at once. */
const FIX = {
  imds: 'set spec.metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1}',
  rootVolume: 'set encrypted: true and volumeType: gp3 on the root volume\'s blockDeviceMappings[].ebs (or drop blockDeviceMappings: Karpenter\'s default root volume is encrypted gp3)',
};

export default defineRule({
  id: 'KARP-NODECLASS-HARDENING',
  title: 'EC2NodeClass: IMDSv2 hop 1, encrypted gp3 root, discovery selectors, a dedicated node role',
  severity: 'high',
  area: 'karpenter',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide hardens every EC2NodeClass: IMDSv2 with hop limit 1, an encrypted gp3 root volume, subnets and security groups found by the karpenter.sh/discovery tag, and a node role used only by Karpenter nodes.',
  practice: 'Karpenter v1 already defaults to IMDSv2 with hop limit 1 and an encrypted gp3 root volume when blockDeviceMappings is omitted; explicit mappings must say encrypted: true themselves.',
  remediation: { kubernetes: 'set metadataOptions {httpTokens: required, httpPutResponseHopLimit: 1}, blockDeviceMappings[].ebs {encrypted: true, volumeType: gp3}, subnetSelectorTerms and securityGroupSelectorTerms with karpenter.sh/discovery tags, and role' },
  ...objectTargets('EC2NodeClass', 'karpenter.k8s.aws'),
  check(o, ctx) {
    const out: Verdict[] = [];
    const node = ctx.inventory.nodeGroups.find((n) => n.kind === 'ec2NodeClass' && n.at.origin === o.at.origin && n.at.path.join('/') === o.at.path.join('/'));
    if (node) {
      if (node.httpTokens.value !== 'required') out.push(ctx.fail(`EC2NodeClass ${o.name} allows IMDSv1`, node.httpTokens.at, { sub: 'imds', fix: FIX.imds }));
      else if (typeof node.hopLimit.value === 'number' && node.hopLimit.value > 1) out.push(ctx.fail(`EC2NodeClass ${o.name} has IMDS hop limit ${node.hopLimit.value}`, node.hopLimit.at, { sub: 'imds', fix: FIX.imds }));
      if (node.volumeEncrypted.value !== true) out.push(ctx.fail(`EC2NodeClass ${o.name} root volume is not encrypted`, node.volumeEncrypted.at, { sub: 'root-volume', fix: FIX.rootVolume }));
      else if (node.volumeType.value !== 'gp3') out.push(ctx.fail(`EC2NodeClass ${o.name} root volume is ${String(node.volumeType.value)}, not gp3`, node.volumeType.at, { sub: 'root-volume', fix: FIX.rootVolume }));
    }
    for (const [field, sub] of [['subnetSelectorTerms', 'subnets'], ['securityGroupSelectorTerms', 'security-groups']] as const) {
      const terms = valueAt(o.value, ['spec', field]);
      if (!Array.isArray(terms) || terms.length === 0) out.push(ctx.fail(`EC2NodeClass ${o.name} has no ${field}`, child(o.at, 'spec', field), { sub, fix: `set spec.${field}: [{tags: {karpenter.sh/discovery: <cluster name>}}]` }));
    }
    const role = valueAt(o.value, ['spec', 'role']);
    const profile = valueAt(o.value, ['spec', 'instanceProfile']);
    if (typeof role !== 'string' && typeof profile !== 'string') out.push(ctx.fail(`EC2NodeClass ${o.name} names no node role`, child(o.at, 'spec', 'role'), { sub: 'role', fix: 'set spec.role to the node role Karpenter\'s nodes use (KarpenterNodeRole-<cluster name>), used by no other workload' }));
    return out;
  },
});
