import { defineRule } from '../define-rule.js';
import { nodeTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

export default defineRule({
  id: 'NODE-IMDSV2',
  title: 'IMDSv2 is required with hop limit 1',
  severity: 'critical',
  area: 'nodes',
  evidence: ['DEF', 'K8S', 'LIVE'],
  checklist: 6,
  rationale: 'The guide requires IMDSv2 (httpTokens: required) with a hop limit of 1, so a pod cannot steal the node role credentials through the metadata service (SSRF).',
  practice: 'Hop limit 1 breaks pods that still need IMDS (older AWS SDKs without IRSA/Pod Identity, some monitoring agents on the pod network); current AWS guidance is to move those to IRSA or Pod Identity rather than raise the limit to 2.',
  remediation: {
    keelson: 'keelson sets this on its launch templates; remove any override',
    eksctl: 'remove disableIMDSv1: false (it defaults to true) and set disablePodIMDS: true where pods need no IMDS',
    cloudformation: 'set LaunchTemplateData.MetadataOptions: {HttpTokens: required, HttpPutResponseHopLimit: 1}',
    terraform: 'aws_launch_template: metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }, used by the aws_eks_node_group; terraform-aws-modules/eks node groups: metadata_options = { http_tokens = "required", http_put_response_hop_limit = 1 }',
    kubernetes: 'set spec.metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1} on the EC2NodeClass',
  },
  ...nodeTargets(),
  check(n, ctx) {
    const out: Verdict[] = [];
    const what = `${n.kind === 'ec2NodeClass' ? 'EC2NodeClass' : 'node group'} "${n.name}"`;
    if (n.httpTokens.unresolved) out.push(ctx.notEvaluated(`httpTokens: ${n.httpTokens.unresolved}`, n.httpTokens.at, { sub: 'http-tokens' }));
    else if (n.httpTokens.value !== 'required') out.push(ctx.fail(`${what} allows IMDSv1 (httpTokens ${String(n.httpTokens.value)}${n.httpTokens.defaulted ? ', the default' : ''})`, n.httpTokens.at, { sub: 'http-tokens' }));
    if (n.podImdsBlocked) return out;
    const hop = n.hopLimit;
    if (hop.unresolved) out.push(ctx.notEvaluated(`hop limit: ${hop.unresolved}`, hop.at, { sub: 'hop-limit' }));
    else if (hop.value === undefined) out.push(ctx.notEvaluated(`${what}: the hop limit is set by the tool, not in this file (eksctl: set disablePodIMDS: true to block pods from IMDS)`, hop.at, { sub: 'hop-limit' }));
    else if (Number(hop.value) > 1) out.push(ctx.fail(`${what} has IMDS hop limit ${String(hop.value)}${hop.defaulted ? ' (the default)' : ''}; pods can reach the node credentials`, hop.at, { sub: 'hop-limit' }));
    return out;
  },
});
