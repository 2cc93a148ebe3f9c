import { defineRule } from '../define-rule.js';
import { addonsOf, configFlag, definedAddons } from '../internal/addon-specs.js';
import { manifestPolicyEngines } from '../internal/cni.js';
import { judgeEvidence } from '../internal/evidence.js';
import type { Found } from '../internal/evidence.js';
import { scopeRule } from '../internal/scope.js';

export default defineRule({
  id: 'NET-POLICY-ENGINE',
  title: 'A NetworkPolicy engine is enabled (VPC CNI network policy, Cilium or Calico)',
  severity: 'high',
  area: 'network',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'EKS does not enforce NetworkPolicy objects by default: without an engine, every default-deny and allow rule is accepted by the API server and then ignored. The guide names three engines: the VPC CNI network policy agent (eBPF, an EKS add-on setting), Cilium and Calico.',
  practice: 'The VPC CNI network policy agent needs VPC CNI v1.14 or later on Kubernetes 1.25 or later; it is switched on with the add-on configuration value enableNetworkPolicy: "true", not by an environment variable on the DaemonSet.',
  remediation: {
    keelson: 'keep addons.vpcCni.networkPolicy: true (the default)',
    eksctl: 'add the vpc-cni add-on with configurationValues: \'{"enableNetworkPolicy": "true"}\'',
    cloudformation: 'set ConfigurationValues: \'{"enableNetworkPolicy":"true"}\' on the AWS::EKS::Addon vpc-cni',
    terraform: 'set configuration_values = jsonencode({ enableNetworkPolicy = "true" }) on aws_eks_addon "vpc-cni" (or on vpc-cni in the eks module\'s cluster_addons / addons)',
    kubernetes: 'install Cilium or Calico, or run aws-node with the aws-network-policy-agent container and --enable-network-policy=true',
  },
  ...scopeRule(true),
  check(s, ctx) {
    const inv = s.inventory;
    const found: Found[] = manifestPolicyEngines(inv).map((e) => ({ ok: e.enforcing, what: e.detail, at: e.at, message: `${e.engine} is installed but does not enforce NetworkPolicy: ${e.detail}` }));
    const all = definedAddons(inv);
    for (const c of inv.clusters) {
      for (const a of addonsOf(c, all).filter((x) => x.name === 'vpc-cni')) {
        const flag = configFlag(a, ['enableNetworkPolicy']);
        if (flag.value === true) found.push({ ok: true, what: 'vpc-cni enableNetworkPolicy', at: flag.at });
        else if (flag.unresolved) found.push({ ok: false, undecided: true, what: 'vpc-cni', at: flag.at, message: `cluster ${c.name}: whether the VPC CNI enforces NetworkPolicy is not known: ${flag.unresolved}` });
        else found.push({ ok: false, what: 'vpc-cni', at: flag.at, message: `cluster ${c.name}: the vpc-cni add-on${a.implicit ? ` (${a.implicit}, unconfigured)` : ''} ${flag.value === false ? 'turns enableNetworkPolicy off' : 'does not set enableNetworkPolicy: "true"'}, and no other NetworkPolicy engine is in the inputs` });
      }
    }
    return judgeEvidence(ctx, found, () => {
      const c = inv.clusters[0];
      if (c) return [ctx.fail(`cluster ${c.name}: no NetworkPolicy engine in the inputs (the self-managed VPC CNI EKS installs does not enforce NetworkPolicy)`, c.at)];
      return [ctx.notEvaluated('no NetworkPolicy engine in the manifests; it is usually switched on in the cluster definition (VPC CNI add-on configuration): check that too', s.at)];
    });
  },
});
