import { defineRule } from '../define-rule.js';
import { nodeTargets } from '../internal/targets.js';
import type { RuleContext, Verdict } from '../types.js';
import type { NodeGroupFact } from '../../sources/inventory.js';
import { liveInstances } from '../../sources/live/live-facts.js';
import type { LiveInstance } from '../../sources/live/live-facts.js';

const nodes = nodeTargets();

/** A running instance is judged on what EC2 says it runs with, whatever launched it. */
function checkInstance(i: LiveInstance, ctx: RuleContext): Verdict[] {
  if (i.httpEndpoint === 'disabled') return [];
  const what = `instance ${i.id}${i.group ? ` (${i.group})` : ''}`;
  const fix = `aws ec2 modify-instance-metadata-options --instance-id ${i.id} --http-tokens required --http-put-response-hop-limit 1, and fix the launch template or EC2NodeClass that launched it so its replacements are right`;
  const out: Verdict[] = [];
  const tokens = i.httpTokens.value;
  if (tokens === undefined) out.push(ctx.notEvaluated(`${what}: EC2 did not report its HttpTokens`, i.httpTokens.at, { sub: 'http-tokens' }));
  else if (tokens !== 'required') out.push(ctx.fail(`${what} allows IMDSv1 (HttpTokens ${tokens}), whatever its launch template says`, i.httpTokens.at, { sub: 'http-tokens', fix }));
  const hop = i.hopLimit.value;
  if (hop !== undefined && Number(hop) > 1) out.push(ctx.fail(`${what} has IMDS hop limit ${String(hop)}; pods can reach the node credentials`, i.hopLimit.at, { sub: 'hop-limit', fix }));
  return out;
}

export default defineRule({
  id: 'NODE-IMDSV2',
  title: 'IMDSv2 is required with hop limit 1',
  severity: 'critical',
  area: 'nodes',
  evidence: ['DEF', 'K8S', 'LIVE'],
  checklist: 6,
  rationale: 'The guide requires IMDSv2 (httpTokens: required) with a hop limit of 1, so a pod cannot steal the node role credentials through the metadata service (SSRF).',
  practice: 'Hop limit 1 breaks pods that still need IMDS (older AWS SDKs without IRSA/Pod Identity, some monitoring agents on the pod network); current AWS guidance is to move those to IRSA or Pod Identity rather than raise the limit to 2. A live audit also judges the running instances on the metadata options EC2 reports: one launched before its launch template or EC2NodeClass changed, or modified since, fails at that instance.',
  remediation: {
    keelson: 'keelson sets this on its launch templates; remove any override',
    eksctl: 'remove disableIMDSv1: false (it defaults to true) and set disablePodIMDS: true where pods need no IMDS',
    cloudformation: 'set LaunchTemplateData.MetadataOptions: {HttpTokens: required, HttpPutResponseHopLimit: 1}',
    terraform: 'aws_launch_template: metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }, used by the aws_eks_node_group; terraform-aws-modules/eks node groups: metadata_options = { http_tokens = "required", http_put_response_hop_limit = 1 }',
    kubernetes: 'set spec.metadataOptions: {httpTokens: required, httpPutResponseHopLimit: 1} on the EC2NodeClass',
  },
  // Launch templates and EC2NodeClasses, and in a live snapshot the running instances themselves.
  targets: (inv): readonly (NodeGroupFact | LiveInstance)[] => [...nodes.targets(inv), ...liveInstances(inv)],
  locate: (t) => t.at,
  format: (t) => (t.kind === 'instance' ? 'cloudformation' : nodes.format(t)),
  check(n, ctx) {
    if (n.kind === 'instance') return checkInstance(n, ctx);
    const out: Verdict[] = [];
    const what = `${n.kind === 'ec2NodeClass' ? 'EC2NodeClass' : 'node group'} "${n.name}"`;
    if (n.httpTokens.unresolved) out.push(ctx.notEvaluated(`httpTokens: ${n.httpTokens.unresolved}`, n.httpTokens.at, { sub: 'http-tokens' }));
    else if (n.httpTokens.value !== 'required') out.push(ctx.fail(`${what} allows IMDSv1 (httpTokens ${String(n.httpTokens.value)}${n.httpTokens.defaulted ? ', the default' : ''})`, n.httpTokens.at, { sub: 'http-tokens' }));
    if (n.podImdsBlocked) return out;
    const hop = n.hopLimit;
    if (hop.unresolved) out.push(ctx.notEvaluated(`hop limit: ${hop.unresolved}`, hop.at, { sub: 'hop-limit' }));
    else if (hop.value === undefined) out.push(ctx.notEvaluated(`${what}: the hop limit is set by the tool, not in this file`, hop.at, { sub: 'hop-limit' }));
    else if (Number(hop.value) > 1) {
      // eksctl has no hop-limit field: disablePodIMDS is the switch that makes it 1.
      const extra = n.source === 'eksctl' ? { sub: 'hop-limit', fix: 'set disablePodIMDS: true on the node group (eksctl then writes hop limit 1; it writes 2 otherwise); pods that call AWS use IRSA or Pod Identity' } : { sub: 'hop-limit' };
      out.push(ctx.fail(`${what} has IMDS hop limit ${String(hop.value)}${hop.defaulted ? n.source === 'eksctl' ? ' (eksctl\'s default without disablePodIMDS: true)' : ' (the default)' : ''}; pods can reach the node credentials`, hop.at, extra));
    }
    return out;
  },
});
