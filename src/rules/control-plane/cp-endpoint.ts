import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

const PRIVATE_RANGES = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

export default defineRule({
  id: 'CP-ENDPOINT',
  title: 'API endpoint is private, or public only for specific CIDRs',
  severity: 'critical',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  checklist: 2,
  rationale: 'The guide: always enable the private endpoint; restrict or disable the public one. A public endpoint open to 0.0.0.0/0 exposes the Kubernetes API to the whole internet, one credential leak away from a takeover.',
  practice: 'Private CIDRs (10/8, 172.16/12, 192.168/16) in the public allow list do nothing: a client of the public endpoint never has a private source address, so such an entry is almost always a mistake for the private endpoint.',
  remediation: {
    keelson: 'set endpoint.privateAccess: true and endpoint.publicAccess: false (or publicAccessCidrs with your office/VPN ranges)',
    eksctl: 'set vpc.clusterEndpoints.privateAccess: true, publicAccess: false (or vpc.publicAccessCIDRs: [your ranges])',
    cloudformation: 'set ResourcesVpcConfig.EndpointPrivateAccess: true and EndpointPublicAccess: false (or PublicAccessCidrs)',
    terraform: 'aws_eks_cluster: in vpc_config { } set endpoint_private_access = true and endpoint_public_access = false (or list public_access_cidrs); terraform-aws-modules/eks: cluster_endpoint_public_access = false (v21: endpoint_public_access), or cluster_endpoint_public_access_cidrs with specific CIDRs',
  },
  ...clusterTargets,
  check(c, ctx) {
    const out: Verdict[] = [];
    const priv = c.endpointPrivateAccess;
    if (priv.unresolved) out.push(ctx.notEvaluated(`private endpoint: ${priv.unresolved}`, priv.at, { sub: 'private' }));
    else if (priv.value !== true) out.push(ctx.fail(`the private API endpoint is off${priv.defaulted ? ' (the default)' : ''}; nodes and kubectl reach the API over the internet`, priv.at, { sub: 'private' }));
    const pub = c.endpointPublicAccess;
    if (pub.unresolved) return [...out, ctx.notEvaluated(`public endpoint: ${pub.unresolved}`, pub.at, { sub: 'public' })];
    if (pub.value !== true) return out;
    const cidrs = c.publicAccessCidrs;
    if (cidrs.unresolved) return [...out, ctx.notEvaluated(`public access CIDRs: ${cidrs.unresolved}`, cidrs.at, { sub: 'public' })];
    const list = (cidrs.value ?? []).map(String);
    if (list.length === 0 || list.includes('0.0.0.0/0') || list.includes('::/0')) {
      out.push(ctx.fail(`the public API endpoint is open to 0.0.0.0/0${cidrs.defaulted ? ' (the default when no CIDRs are listed)' : ''}`, cidrs.defaulted ? pub.at : cidrs.at, { sub: 'public' }));
    }
    const privates = list.filter((x) => PRIVATE_RANGES.some((r) => r.test(x)));
    if (privates.length > 0) {
      out.push(ctx.fail(`private ranges in the public endpoint allow list have no effect: ${privates.join(', ')}`, cidrs.at, { sub: 'private-cidr', fix: 'remove them; private clients use the private endpoint' }));
    }
    return out;
  },
});
