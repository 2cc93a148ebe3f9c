/**
 * IAM roles an eksctl ClusterConfig makes: one instance role per node group, and one IRSA role per
 * iam.serviceAccounts entry. eksctl writes the trust policies itself (StringEquals on sub and aud), and gives node
 * roles AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, AmazonEKS_CNI_Policy and
 * AmazonSSMManagedInstanceCore unless attachPolicyARNs replaces them.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import { valueAt } from '../fact.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';
import { policyName, statementsOf } from '../cloudformation/cfn-iam.js';

const NODE_DEFAULTS = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy', 'AmazonSSMManagedInstanceCore'];

function arns(v: unknown, at: At): Fact<string>[] {
  return Array.isArray(v) ? v.map((a, i) => ({ value: policyName(String(a)), at: child(at, i) })) : [];
}

export function addEksctlRoles(inv: Inventory, v: Record<string, unknown>, at: At): void {
  for (const field of ['nodeGroups', 'managedNodeGroups'] as const) {
    const list = v[field];
    if (!Array.isArray(list)) continue;
    list.forEach((ng, i) => {
      if (!isRecord(ng)) return;
      const ngAt = child(at, field, i);
      const iam = isRecord(ng.iam) ? ng.iam : {};
      const iamAt = isRecord(ng.iam) ? child(ngAt, 'iam') : ngAt;
      if (typeof iam.instanceRoleARN === 'string') return; // a role made outside the file: its policies are not here
      const managed = Array.isArray(iam.attachPolicyARNs) ? arns(iam.attachPolicyARNs, child(iamAt, 'attachPolicyARNs')) : NODE_DEFAULTS.map((p) => ({ value: p, at: iamAt, defaulted: true }));
      const addons = isRecord(iam.withAddonPolicies) ? Object.entries(iam.withAddonPolicies).filter(([, on]) => on === true).map(([k]) => ({ value: k, at: child(iamAt, 'withAddonPolicies', k) })) : [];
      inv.roles.push({
        source: 'eksctl',
        name: `instance role of ${String(ng.name ?? `#${i}`)}`,
        roleName: undefined,
        at: iamAt,
        trust: [{ at: iamAt, services: ['ec2.amazonaws.com'], federated: false, actions: ['sts:AssumeRole'], conditions: { value: {}, at: iamAt, defaulted: true } }],
        managedPolicies: managed,
        statements: isRecord(iam.attachPolicy) ? statementsOf(iam.attachPolicy, child(iamAt, 'attachPolicy')) : [],
        usedByNodes: true,
        addonPolicies: addons,
      });
    });
  }
  const sas = valueAt(v, ['iam', 'serviceAccounts']);
  if (!Array.isArray(sas)) return;
  sas.forEach((sa, i) => {
    if (!isRecord(sa)) return;
    const saAt = child(at, 'iam', 'serviceAccounts', i);
    if (typeof sa.attachRoleARN === 'string') return; // an existing role: its trust and policies are not in the file
    const ns = String(valueAt(sa, ['metadata', 'namespace']) ?? 'default');
    const name = String(valueAt(sa, ['metadata', 'name']) ?? `#${i}`);
    inv.roles.push({
      source: 'eksctl',
      name: `IRSA role of ${ns}/${name}`,
      roleName: typeof sa.roleName === 'string' ? sa.roleName : undefined,
      at: saAt,
      // eksctl writes this trust policy itself.
      trust: [{
        at: saAt,
        services: [],
        federated: true,
        actions: ['sts:AssumeRoleWithWebIdentity'],
        conditions: { value: { StringEquals: { '<issuer>:sub': `system:serviceaccount:${ns}:${name}`, '<issuer>:aud': 'sts.amazonaws.com' } }, at: saAt, defaulted: true },
      }],
      managedPolicies: arns(sa.attachPolicyARNs, child(saAt, 'attachPolicyARNs')),
      statements: isRecord(sa.attachPolicy) ? statementsOf(sa.attachPolicy, child(saAt, 'attachPolicy')) : [],
      usedByNodes: false,
      addonPolicies: [],
    });
  });
}
