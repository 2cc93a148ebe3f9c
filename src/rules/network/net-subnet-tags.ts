import { defineRule } from '../define-rule.js';
import { distinct, networkTargets, nodeSubnets } from '../internal/network.js';
import type { SubnetFact } from '../../sources/inventory.js';
import type { RuleContext, Verdict } from '../types.js';

// The AWS Load Balancer Controller accepts the role tags with the value "1" or an empty value.
function tagged(s: SubnetFact, key: string): boolean {
  const v = s.tags.value?.[key];
  return v === '1' || v === '';
}

function judge(s: SubnetFact, key: string, sub: string, kind: string, ctx: RuleContext): Verdict[] {
  if (s.tags.value === undefined) return [ctx.notEvaluated(`tags of ${kind} subnet ${s.id}: ${s.tags.unresolved ?? 'unknown'}`, s.tags.at, { sub })];
  if (!tagged(s, key)) return [ctx.fail(`${kind} subnet ${s.id} is not tagged ${key}=1`, s.tags.at, { sub })];
  return [];
}

export default defineRule({
  id: 'NET-SUBNET-TAGS',
  title: 'Subnets carry the load balancer role tags',
  severity: 'medium',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The AWS Load Balancer Controller (and the in-tree service controller) choose subnets by tag: internal load balancers go to subnets tagged kubernetes.io/role/internal-elb=1, internet-facing ones to kubernetes.io/role/elb=1. Untagged subnets make Services and Ingresses fail to provision, or land in the wrong tier.',
  remediation: {
    keelson: 'keelson tags the subnets it creates; for network.existing, tag the private subnets kubernetes.io/role/internal-elb=1 and the public ones kubernetes.io/role/elb=1 yourself',
    eksctl: 'eksctl tags subnets it creates; tag subnets given by vpc.subnets.*.id yourself',
    cloudformation: 'add Tags [{Key: kubernetes.io/role/internal-elb, Value: "1"}] to private subnets and kubernetes.io/role/elb to public ones',
    terraform: 'terraform-aws-modules/vpc: private_subnet_tags = { "kubernetes.io/role/internal-elb" = 1 } and public_subnet_tags = { "kubernetes.io/role/elb" = 1 }; raw resources: the same keys in the tags of each aws_subnet',
  },
  ...networkTargets,
  check(n, ctx) {
    const priv = nodeSubnets(n).filter((s) => s.public.value === false);
    const pub = n.subnets.filter((s) => s.public.value === true);
    return distinct([
      ...priv.flatMap((s) => judge(s, 'kubernetes.io/role/internal-elb', 'internal-elb', 'private', ctx)),
      ...pub.flatMap((s) => judge(s, 'kubernetes.io/role/elb', 'elb', 'public', ctx)),
      ...n.subnets.filter((s) => s.public.value === undefined && s.nodes).map((s) => ctx.notEvaluated(`whether subnet ${s.id} is public: ${s.public.unresolved ?? 'unknown'}`, s.public.at)),
    ]);
  },
});
