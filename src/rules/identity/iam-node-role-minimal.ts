import { defineRule } from '../define-rule.js';
import { isNodeRole, roleTargets } from '../internal/iam.js';
import type { Verdict } from '../types.js';

// What a node needs: join the cluster, pull images, be reached by SSM, and (while the VPC CNI has no role of its own) assign pod IPs.
const NODE_POLICIES = new Set([
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
  'AmazonEKS_CNI_Policy',
]);

export default defineRule({
  id: 'IAM-NODE-ROLE-MINIMAL',
  title: 'Node roles carry only node policies',
  severity: 'high',
  area: 'identity',
  evidence: ['DEF', 'LIVE'],
  rationale: 'Every pod on a node can reach the node role through IMDS unless it is blocked, so whatever the node role may do, every pod may do. Node roles should carry only what nodes need: AmazonEKSWorkerNodePolicy, registry pull (AmazonEC2ContainerRegistryPullOnly or ReadOnly), AmazonSSMManagedInstanceCore, and AmazonEKS_CNI_Policy while the VPC CNI has no role of its own.',
  practice: 'The guide\'s own eksctl example puts add-on policies on the node group (iam.withAddonPolicies: autoScaler, externalDNS, certManager, ebs, albIngress, cloudWatch). Current AWS practice moves each of them to the add-on\'s own EKS Pod Identity or IRSA role (eksctl iam.podIdentityAssociations or iam.serviceAccounts with wellKnownPolicies), so a pod compromise on any node no longer inherits them; AWS also recommends moving AmazonEKS_CNI_Policy to the aws-node service account.',
  remediation: {
    keelson: 'keelson node roles carry node policies only; give add-ons their own roles (addonIdentityMode)',
    eksctl: 'remove iam.withAddonPolicies and extra iam.attachPolicyARNs from node groups; use iam.podIdentityAssociations (or iam.serviceAccounts with wellKnownPolicies) for the add-ons',
    cloudformation: 'keep only AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and AmazonSSMManagedInstanceCore (plus AmazonEKS_CNI_Policy if the CNI has no role) on the NodeRole; move the rest to AWS::EKS::PodIdentityAssociation roles',
    terraform: 'keep only the node policies in iam_role_additional_policies / aws_iam_role_policy_attachment of the node role; give add-ons Pod Identity or IRSA roles',
  },
  ...roleTargets(isNodeRole),
  check(r, ctx) {
    const out: Verdict[] = [];
    for (const m of r.managedPolicies) {
      if (m.value === undefined) out.push(ctx.notEvaluated(`${r.name}: ${m.unresolved ?? 'a managed policy is unknown'}`, m.at, { sub: 'policy' }));
      else if (!NODE_POLICIES.has(m.value)) out.push(ctx.fail(`node role ${r.name} carries ${m.value}, which is not a node policy`, m.at, { sub: 'policy' }));
    }
    for (const a of r.addonPolicies) out.push(ctx.fail(`node role ${r.name} carries the ${a.value} add-on policy; every pod on these nodes inherits it`, a.at, { sub: 'addon-policy' }));
    const allows = r.statements.filter((s) => s.effect === 'Allow');
    if (allows.length > 0) out.push(ctx.fail(`node role ${r.name} has ${allows.length} extra policy statement${allows.length === 1 ? '' : 's'} beyond the node policies`, allows[0]!.at, { sub: 'inline' }));
    return out;
  },
});
