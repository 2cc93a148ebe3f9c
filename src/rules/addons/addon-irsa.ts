import { defineRule } from '../define-rule.js';
import type { AddonFact, Inventory } from '../../sources/inventory.js';
import type { RemediationFormat } from '../types.js';

// The add-ons that call AWS APIs with broad permissions (ENIs, volumes, file systems). The LB controller is not an
// EKS add-on: a definition does not say how it is installed, so it is not judged here yet.
const AWS_CALLING = new Set(['vpc-cni', 'aws-ebs-csi-driver', 'aws-efs-csi-driver']);

export default defineRule({
  id: 'ADDON-IRSA',
  title: 'VPC CNI, EBS/EFS CSI and the LB controller use IRSA or Pod Identity',
  severity: 'high',
  area: 'addons',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'Without a role of their own, the VPC CNI and the CSI drivers use the node role, so their permissions (create and attach ENIs, volumes, file systems) belong to every pod on every node. The guide gives each of them its own IRSA role.',
  practice: 'The guide uses IRSA; AWS now recommends EKS Pod Identity for add-ons (an AWS::EKS::Addon PodIdentityAssociations entry, eksctl podIdentityAssociations). Both pass. The AWS Load Balancer Controller is installed with Helm, not as an EKS add-on, so this rule does not judge it from cluster definitions yet.',
  remediation: {
    keelson: 'keelson always gives these add-ons their own role (addonIdentityMode: podIdentity or irsa)',
    eksctl: 'set useDefaultPodIdentityAssociations: true (or podIdentityAssociations, or wellKnownPolicies for IRSA) on the add-on, or addonsConfig.autoApplyPodIdentityAssociations: true',
    cloudformation: 'add PodIdentityAssociations: [{ServiceAccount: ..., RoleArn: ...}] (or ServiceAccountRoleArn) to the AWS::EKS::Addon',
    terraform: 'set pod_identity_association { role_arn service_account } or service_account_role_arn on aws_eks_addon',
  },
  targets: (inv: Inventory): readonly AddonFact[] => inv.addons.filter((a) => AWS_CALLING.has(a.name)),
  locate: (a: AddonFact) => a.at,
  format: (a: AddonFact): RemediationFormat => a.source,
  check(a, ctx) {
    const id = a.identity;
    if (id.unresolved) return [ctx.notEvaluated(`identity of ${a.name}: ${id.unresolved}`, id.at, { sub: a.name })];
    if (id.value === undefined) return [ctx.fail(`add-on ${a.name} has no role of its own: it runs with the node role`, id.at, { sub: a.name })];
    return [];
  },
});
