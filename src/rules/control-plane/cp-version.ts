import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';
import { EKS_VERSIONS } from './eks-versions.data.js';

const WARN_DAYS = 90;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export default defineRule({
  id: 'CP-VERSION',
  title: 'Kubernetes version inside EKS standard support',
  severity: 'high',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide upgrades quarterly and never lets a cluster fall out of standard support: extended support costs six times as much per cluster hour, and after it ends EKS upgrades the control plane for you.',
  remediation: {
    keelson: 'raise kubernetesVersion one minor version at a time',
    eksctl: 'set metadata.version to a supported version and run eksctl upgrade cluster',
    cloudformation: 'raise Version on the AWS::EKS::Cluster one minor version at a time',
    terraform: 'raise version on aws_eks_cluster, or cluster_version (v21: kubernetes_version) of terraform-aws-modules/eks, one minor version at a time',
  },
  ...clusterTargets,
  check(c, ctx) {
    const v = c.version;
    if (v.unresolved) return [ctx.notEvaluated(`version: ${v.unresolved}`, v.at)];
    if (v.value === undefined) return [ctx.notEvaluated('no Kubernetes version in the definition: the tool picks its default at create time', v.at)];
    const version = String(v.value);
    const entry = EKS_VERSIONS.find((e) => e.version === version);
    if (!entry) return [ctx.notEvaluated(`Kubernetes ${version} is not in keelson's EKS version table`, v.at)];
    const today = ctx.options.today ?? new Date().toISOString().slice(0, 10);
    const left = daysBetween(today, entry.endOfStandardSupport);
    if (left < 0) return [ctx.fail(`Kubernetes ${version} left EKS standard support on ${entry.endOfStandardSupport} (extended support ends ${entry.endOfExtendedSupport})`, v.at, { sub: 'standard-support' })];
    if (left <= WARN_DAYS) return [ctx.fail(`Kubernetes ${version} leaves EKS standard support in ${left} days (${entry.endOfStandardSupport})`, v.at, { sub: 'ending-soon' })];
    return [];
  },
});
