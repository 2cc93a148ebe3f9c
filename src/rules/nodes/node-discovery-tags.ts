import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Fact } from '../../sources/fact.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { appliedTags } from '../../sources/terraform/tf-applied.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { cfnResources, isTfExpression, rawAt, tfAddress, tfBlocks } from '../internal/definitions.js';
import { distinct, nodeSubnets } from '../internal/network.js';
import { clusterTargets } from '../internal/targets.js';
import type { RuleContext, Verdict } from '../types.js';

const TAG = 'karpenter.sh/discovery';

function karpenterUsed(inv: Inventory): boolean {
  return inv.features.some((f) => f.feature === 'karpenter' && f.enabled.value === true) || objectsOfKind(inv, 'NodePool', 'karpenter.sh').length > 0;
}

type TagVerdict = 'ok' | 'missing' | 'other' | 'unresolved';

/** A tag value against the cluster name: CloudFormation intrinsics arrive JSON-encoded, Terraform ones as `${...}`. */
function judgeValue(v: unknown, cluster: string): TagVerdict {
  if (v === undefined || v === null) return 'missing';
  if (isRecord(v) || (typeof v === 'string' && (v.startsWith('{') || isTfExpression(v)))) return 'unresolved';
  return String(v) === cluster ? 'ok' : 'other';
}

function cfnTag(props: Record<string, unknown>): unknown {
  const tags = props.Tags;
  if (!Array.isArray(tags)) return undefined;
  const t = tags.find((x) => isRecord(x) && x.Key === TAG);
  return isRecord(t) ? t.Value : undefined;
}

interface Tagged {
  readonly what: string;
  readonly at: At;
  readonly verdict: TagVerdict;
  readonly value?: unknown;
  /** Why the value is not known, when the input says. */
  readonly reason?: string;
}

/** The discovery tag among the tags AWS applies (a Terraform block's own over its provider's default_tags). */
function tagged(what: string, tags: Fact<Record<string, string>>, c: ClusterFact): Tagged {
  if (tags.unresolved || tags.value === undefined) return { what, at: tags.at, verdict: 'unresolved', reason: tags.unresolved ?? 'its tags are not known' };
  return { what, at: tags.at, verdict: judgeValue(tags.value[TAG], c.name), value: tags.value[TAG] };
}

/** Security groups the definition creates, with their discovery tag. */
function securityGroups(inv: Inventory, c: ClusterFact): Tagged[] | undefined {
  if (c.source === 'cloudformation') {
    return cfnResources(inv, 'AWS::EC2::SecurityGroup').map((r) => ({ what: `security group ${r.id}`, at: child(r.at, 'Properties', 'Tags'), verdict: judgeValue(cfnTag(r.properties), c.name), value: cfnTag(r.properties) }));
  }
  if (c.source === 'terraform') {
    const out: Tagged[] = [];
    for (const m of tfBlocks(inv, 'module')) {
      if (typeof m.value.source !== 'string' || !m.value.source.includes('terraform-aws-modules/eks/aws')) continue;
      // The module tags its node security group with merge(var.tags, var.node_security_group_tags), through the
      // provider its `providers` map passes (default_tags included).
      const provider = isRecord(m.value.providers) ? m.value.providers.aws : undefined;
      const tags = appliedTags(inv, m, { key: 'node_security_group_tags', base: 'tags', provider }, child(m.at, 'node_security_group_tags'));
      out.push(tagged(`module ${m.name} node_security_group_tags`, tags, c));
    }
    for (const b of tfBlocks(inv, 'resource', 'aws_security_group')) {
      out.push(tagged(tfAddress(b), appliedTags(inv, b, { key: 'tags', provider: b.value.provider }, child(b.at, 'tags')), c));
    }
    return out;
  }
  return undefined;
}

/** Private subnets a Terraform vpc module or aws_subnet resources create, with their discovery tag. */
function tfSubnets(inv: Inventory, c: ClusterFact): Tagged[] {
  const out: Tagged[] = [];
  for (const m of tfBlocks(inv, 'module')) {
    if (typeof m.value.source !== 'string' || !m.value.source.includes('terraform-aws-modules/vpc/aws')) continue;
    const provider = isRecord(m.value.providers) ? m.value.providers.aws : undefined;
    const tags = appliedTags(inv, m, { key: 'private_subnet_tags', base: 'tags', provider }, child(m.at, 'private_subnet_tags'));
    out.push(tagged(`module ${m.name} private_subnet_tags`, tags, c));
  }
  for (const b of tfBlocks(inv, 'resource', 'aws_subnet')) {
    const pub = b.value.map_public_ip_on_launch === true;
    if (pub) continue;
    out.push(tagged(tfAddress(b), appliedTags(inv, b, { key: 'tags', provider: b.value.provider }, child(b.at, 'tags')), c));
  }
  return out;
}

function verdictsFor(items: readonly Tagged[], c: ClusterFact, sub: string, ctx: RuleContext): Verdict[] {
  return items.flatMap((t): Verdict[] => {
    if (t.verdict === 'ok') return [];
    if (t.verdict === 'unresolved') return [ctx.notEvaluated(`${t.what}: ${t.reason ?? `the ${TAG} tag value ${JSON.stringify(t.value)} is known only at deploy time`}`, t.at, { sub })];
    if (t.verdict === 'other') return [ctx.fail(`${t.what} has ${TAG}=${String(t.value)}, not the cluster name ${c.name}`, t.at, { sub })];
    return [ctx.fail(`${t.what} has no ${TAG}=${c.name} tag: Karpenter's selector terms cannot discover it`, t.at, { sub })];
  });
}

function eksctlCheck(c: ClusterFact, ctx: RuleContext): Verdict[] {
  const inv = ctx.inventory;
  // eksctl copies metadata.tags onto every resource of its stacks: the subnets and security groups it creates.
  const meta: At = c.at;
  const v = valueAt(rawAt(inv, meta), ['tags', TAG]);
  const out: Verdict[] = [];
  const verdict = judgeValue(v, c.name);
  if (verdict === 'other') out.push(ctx.fail(`metadata.tags sets ${TAG}=${String(v)}, not the cluster name ${c.name}`, child(meta, 'tags', TAG)));
  else if (verdict === 'missing') out.push(ctx.fail(`cluster ${c.name}: metadata.tags has no ${TAG}=${c.name}, so the subnets and security groups eksctl creates are not discoverable by Karpenter`, child(meta, 'tags')));
  for (const n of inv.networks.filter((x) => x.source === 'eksctl' && x.at.origin === c.at.origin)) {
    for (const s of nodeSubnets(n)) if (s.tags.unresolved) out.push(ctx.notEvaluated(`subnet ${s.id}: ${s.tags.unresolved}; tag it ${TAG}=${c.name} yourself`, s.tags.at, { sub: 'subnets' }));
  }
  return distinct(out);
}

export default defineRule({
  id: 'NODE-DISCOVERY-TAGS',
  title: 'Subnets and security groups carry karpenter.sh/discovery=<cluster> when Karpenter is used',
  severity: 'low',
  area: 'nodes',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide tags the node subnets and security groups with karpenter.sh/discovery=<cluster name> so the EC2NodeClass subnetSelectorTerms and securityGroupSelectorTerms find them. Without the tags, Karpenter finds no subnet or security group and launches no node.',
  practice: 'Karpenter matches whatever tags the EC2NodeClass selects on; karpenter.sh/discovery=<cluster> is the convention of its getting-started guide and of the guide. The security group EKS creates for the cluster cannot be tagged from CloudFormation: tag a node security group the template creates, or tag the cluster security group after creation.',
  remediation: {
    keelson: 'keelson tags the subnets it creates and the Karpenter node security group; tag the subnets of network.existing yourself',
    eksctl: 'set metadata.tags: {karpenter.sh/discovery: <cluster name>} (eksctl copies it to the subnets and security groups it creates)',
    cloudformation: 'add Tags [{Key: karpenter.sh/discovery, Value: <cluster name>}] to the private AWS::EC2::Subnet resources and to the node AWS::EC2::SecurityGroup',
    terraform: 'set private_subnet_tags = { "karpenter.sh/discovery" = <cluster name> } on the vpc module and node_security_group_tags on the eks module',
  },
  ...clusterTargets,
  targets: (inv: Inventory): readonly ClusterFact[] => (karpenterUsed(inv) ? inv.clusters : []),
  check(c, ctx) {
    const inv = ctx.inventory;
    if (c.source === 'eksctl') return eksctlCheck(c, ctx);
    const out: Verdict[] = [];
    const networks = inv.networks.filter((n) => n.source === c.source);
    const fromFacts = networks.flatMap((n) => nodeSubnets(n).map((s): Tagged => {
      if (s.tags.unresolved || s.tags.value === undefined) return { what: `subnet ${s.id}`, at: s.tags.at, verdict: 'unresolved', reason: `${s.tags.unresolved ?? 'its tags are not in the inputs'}; tag it ${TAG}=${c.name} yourself` };
      return { what: `subnet ${s.id}`, at: s.tags.at, verdict: judgeValue(s.tags.value[TAG], c.name), value: s.tags.value[TAG] };
    }));
    // Terraform networks are read here from the vpc module and aws_subnet blocks when the inventory has none for them.
    const subnets: Tagged[] = fromFacts.length > 0 || c.source !== 'terraform' ? fromFacts : tfSubnets(inv, c);
    if (subnets.length === 0) out.push(ctx.notEvaluated(`cluster ${c.name}: its subnets are not in the inputs`, c.at, { sub: 'subnets' }));
    out.push(...verdictsFor(subnets, c, 'subnets', ctx));
    if (c.source === 'keelson') return distinct(out); // keelson tags the Karpenter node security group it creates.
    const groups = securityGroups(inv, c) ?? [];
    if (groups.some((g) => g.verdict === 'ok')) return distinct(out);
    const open = groups.filter((g) => g.verdict === 'unresolved');
    if (open.length > 0) out.push(...verdictsFor(open, c, 'security-groups', ctx));
    else out.push(ctx.fail(`cluster ${c.name}: no security group in the inputs carries ${TAG}=${c.name}: Karpenter's securityGroupSelectorTerms cannot discover one`, c.at, { sub: 'security-groups' }));
    return distinct(out);
  },
});
