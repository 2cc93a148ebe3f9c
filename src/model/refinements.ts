/** Cross-field rules of the definition. Each issue carries the fix a user can apply (params.fix). */
import type { z } from 'zod';
import { addressCount, contains, isCanonical, isPrivateRange, overlaps, parseCidr } from './internal/cidr.js';
import { SYSTEM_NAMESPACES } from './constants.js';
import { instanceType, instanceTypeNames, poolInstanceTypes } from './internal/instance-match.js';
import { closest } from './issues.js';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function problem(ctx: Ctx, path: Path, message: string, fix: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { fix } });
}

// The schema's output type cannot be named here without a cycle; the shape is checked by zod first.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function validateDefinition(d: any, ctx: Ctx): void {
  validateTags(d, ctx);
  validateNetwork(d, ctx);
  validateEndpoint(d, ctx);
  validateNodeGroup(d, ctx);
  validateIdentities(d, ctx);
  validatePlatform(d, ctx);
}

function validatePlatform(d: any, ctx: Ctx): void {
  const pools = new Set<string>();
  for (const [i, p] of (d.karpenter.nodePools as any[]).entries()) {
    if (pools.has(p.name)) problem(ctx, ['karpenter', 'nodePools', i, 'name'], `NodePool "${p.name}" is defined twice`, 'give each NodePool a unique name');
    pools.add(p.name);
    const offered = poolInstanceTypes(p);
    if (offered.length === 0) {
      problem(ctx, ['karpenter', 'nodePools', i], `NodePool "${p.name}" allows no instance type (${p.architectures.join('/')}, categories ${p.categories.join('/')}, generation >= ${p.minGeneration}${p.instanceFamilies ? `, families ${p.instanceFamilies.join('/')}` : ''})`, 'widen the requirements: check that the families exist for the architecture (Graviton families end in g, e.g. m7g) and the generation');
    } else if (p.capacityTypes.includes('spot') && offered.length < 5) {
      problem(ctx, ['karpenter', 'nodePools', i], `Spot NodePool "${p.name}" allows only ${offered.length} instance type(s): ${offered.map((t) => t.name).join(', ')}`, 'allow more families and sizes; the guide: "the more instance types you allow, the less likely a simultaneous reclamation of all nodes"');
    }
    if (p.capacityTypes.includes('spot') && p.instanceFamilies && p.instanceFamilies.length === 1 && p.categories.length === 1) {
      problem(ctx, ['karpenter', 'nodePools', i, 'instanceFamilies'], `a Spot pool limited to one family (${p.instanceFamilies[0]}) is one reclamation away from losing every node`, 'allow several families and sizes; the guide: "Never rely on a single instance type for Spot"');
    }
  }
  const seen = new Map<string, string>();
  for (const [t, team] of (d.teams as any[]).entries()) {
    for (const [n, ns] of (team.namespaces as any[]).entries()) {
      const path = ['teams', t, 'namespaces', n, 'name'];
      if ((SYSTEM_NAMESPACES as readonly string[]).includes(ns.name)) problem(ctx, path, `${ns.name} is a system namespace`, 'choose another name: system namespaces are exempt from the restricted Pod Security profile and keelson manages them');
      if (seen.has(ns.name)) problem(ctx, path, `namespace ${ns.name} already belongs to team ${seen.get(ns.name)}`, 'a namespace belongs to exactly one team');
      seen.set(ns.name, team.name);
      for (const [r, rule] of (ns.allow as any[]).entries()) {
        if (!rule.peerNamespace && !rule.peerPodSelector && !rule.peerCidr) {
          problem(ctx, ['teams', t, 'namespaces', n, 'allow', r], `allow rule "${rule.name}" names no peer, so it would allow all ${rule.direction} traffic and undo default-deny`, 'set peerNamespace, peerPodSelector or peerCidr');
        }
        if (rule.peerCidr && !parseCidr(rule.peerCidr)) problem(ctx, ['teams', t, 'namespaces', n, 'allow', r, 'peerCidr'], `"${rule.peerCidr}" is not an IPv4 CIDR`, 'write it as a.b.c.d/nn');
      }
    }
  }
  if (d.externalSecrets.enabled && !d.externalSecrets.secretsPathPrefix) {
    problem(ctx, ['externalSecrets', 'secretsPathPrefix'], 'External Secrets is enabled without a Secrets Manager path prefix', 'set secretsPathPrefix (e.g. "prod/"): the operator\'s role can read only secrets under it');
  }
  const svc = parseCidr(d.network.serviceCidr);
  if (!svc || !isCanonical(svc) || svc.prefix < 12 || svc.prefix > 24) {
    problem(ctx, ['network', 'serviceCidr'], `"${d.network.serviceCidr}" is not a usable service CIDR`, 'use a /12 to /24 private block that does not overlap the VPC, e.g. 172.20.0.0/16');
  } else {
    const vpc = parseCidr(d.network.existing?.vpcCidrBlock ?? d.network.cidr);
    if (vpc && overlaps(vpc, svc)) problem(ctx, ['network', 'serviceCidr'], `${d.network.serviceCidr} overlaps the VPC CIDR`, 'choose a service CIDR outside the VPC, e.g. 172.20.0.0/16 or 10.100.0.0/16');
  }
  const iv = d.kyverno.imageVerification;
  if (iv?.type === 'cosign' && !iv.publicKey) problem(ctx, ['kyverno', 'imageVerification', 'publicKey'], 'cosign verification needs the public key', 'paste the PEM public key that signs your images (cosign.pub)');
  if (iv?.type === 'notary' && !iv.certificates) problem(ctx, ['kyverno', 'imageVerification', 'certificates'], 'AWS Signer (notary) verification needs the root certificate', 'paste the AWS Signer root certificate (PEM)');
}

function validateTags(d: any, ctx: Ctx): void {
  for (const key of ['Environment', 'Team']) {
    if (!d.tags[key]) {
      problem(ctx, ['tags', key], `tag ${key} is missing`, `add tags.${key}; the guide tags every cluster with Environment and Team for cost attribution and incident routing`);
    }
  }
}

function validateNetwork(d: any, ctx: Ctx): void {
  const n = d.network;
  const azs: string[] = n.availabilityZones ?? [];
  if (n.availabilityZones && new Set(azs).size < 3) {
    problem(ctx, ['network', 'availabilityZones'], `${azs.length === 0 ? 'no' : `only ${new Set(azs).size}`} distinct availability zone(s) listed; at least 3 are required`, 'list three zones, e.g. ["us-east-1a", "us-east-1b", "us-east-1c"]; with fewer, one AZ outage can take out half the nodes');
  }
  for (const [i, az] of azs.entries()) {
    if (!az.startsWith(d.region)) problem(ctx, ['network', 'availabilityZones', i], `"${az}" is not a zone of region ${d.region}`, `use a zone name that starts with ${d.region}, e.g. ${d.region}a`);
  }
  if (n.privateSubnetPrefix > 22) {
    problem(ctx, ['network', 'privateSubnetPrefix'], `/${n.privateSubnetPrefix} is smaller than /22 (${2 ** (32 - n.privateSubnetPrefix)} addresses)`, 'set privateSubnetPrefix to 22 or lower (20 is the default): every node takes many pod IPs from its subnet through the VPC CNI');
  } else if (n.privateSubnetPrefix < 16) {
    problem(ctx, ['network', 'privateSubnetPrefix'], `/${n.privateSubnetPrefix} is larger than a VPC can be (/16)`, 'set privateSubnetPrefix between 16 and 22');
  }
  const vpc = parseCidr(n.cidr);
  if (!vpc) {
    problem(ctx, ['network', 'cidr'], `"${n.cidr}" is not an IPv4 CIDR`, 'write it as a.b.c.d/nn, e.g. 10.0.0.0/16');
  } else if (!isCanonical(vpc)) {
    problem(ctx, ['network', 'cidr'], `"${n.cidr}" has host bits set`, 'use the network address of the block, e.g. 10.0.0.0/16');
  } else if (vpc.prefix < 16 || vpc.prefix > 28) {
    problem(ctx, ['network', 'cidr'], `a VPC CIDR must be between /16 and /28, got /${vpc.prefix}`, 'use a /16 to /28 block; /16 leaves room for /20 node subnets in three zones');
  } else if (!n.existing) {
    const zones = Math.max(3, azs.length);
    const needed = zones * (2 ** (32 - n.privateSubnetPrefix) + 2 ** (32 - n.publicSubnetPrefix));
    if (needed > addressCount(vpc)) {
      problem(ctx, ['network', 'cidr'], `${n.cidr} holds ${addressCount(vpc)} addresses, but ${zones} private /${n.privateSubnetPrefix} and ${zones} public /${n.publicSubnetPrefix} subnets need ${needed}`, 'use a larger VPC CIDR (e.g. a /16) or smaller public subnets');
    }
  }
  if (n.existing) {
    const ex = n.existing;
    if (!parseCidr(ex.vpcCidrBlock)) problem(ctx, ['network', 'existing', 'vpcCidrBlock'], `"${ex.vpcCidrBlock}" is not an IPv4 CIDR`, 'write the VPC CIDR as a.b.c.d/nn');
    for (const [i, c] of (ex.privateSubnetCidrs ?? []).entries()) {
      const p = parseCidr(c);
      if (!p) problem(ctx, ['network', 'existing', 'privateSubnetCidrs', i], `"${c}" is not an IPv4 CIDR`, 'write it as a.b.c.d/nn');
      else if (p.prefix > 22) problem(ctx, ['network', 'existing', 'privateSubnetCidrs', i], `node subnet ${c} is smaller than /22`, 'use private subnets of /22 or larger, or add a secondary 100.64.0.0/10 pod CIDR (network.podSubnets)');
    }
  }
  if (n.podSubnets) {
    const pod = parseCidr(n.podSubnets.cidr);
    const cgnat = parseCidr('100.64.0.0/10')!;
    if (!pod || !isCanonical(pod)) {
      problem(ctx, ['network', 'podSubnets', 'cidr'], `"${n.podSubnets.cidr}" is not a network CIDR`, 'use a block such as 100.64.0.0/16');
    } else if (!contains(cgnat, pod)) {
      problem(ctx, ['network', 'podSubnets', 'cidr'], `${n.podSubnets.cidr} is outside 100.64.0.0/10`, 'take the pod CIDR from RFC 6598 shared space (100.64.0.0/10), e.g. 100.64.0.0/16, so it never collides with routable VPC ranges');
    } else if (pod.prefix < 16) {
      problem(ctx, ['network', 'podSubnets', 'cidr'], `a secondary VPC CIDR must be /16 or smaller, got /${pod.prefix}`, 'use a /16 such as 100.64.0.0/16');
    } else if (n.podSubnets.subnetPrefix < pod.prefix || 3 * 2 ** (32 - n.podSubnets.subnetPrefix) > addressCount(pod)) {
      problem(ctx, ['network', 'podSubnets', 'subnetPrefix'], `three /${n.podSubnets.subnetPrefix} pod subnets do not fit in ${n.podSubnets.cidr}`, `use a subnetPrefix of at least ${pod.prefix + 2}`);
    }
  }
}

function validateEndpoint(d: any, ctx: Ctx): void {
  const e = d.endpoint;
  if (!e.privateAccess) {
    problem(ctx, ['endpoint', 'privateAccess'], 'the private API endpoint is off', 'set privateAccess to true; nodes and in-VPC tools then reach the API server without leaving the VPC');
  }
  if (!e.publicAccess) {
    if (e.publicAccessCidrs.length > 0) {
      problem(ctx, ['endpoint', 'publicAccessCidrs'], 'public CIDRs are listed but publicAccess is false', 'set publicAccess to true to use them, or remove the list');
    }
    return;
  }
  if (e.publicAccessCidrs.length === 0 && !e.acknowledgePublicAccessFromAnywhere) {
    problem(ctx, ['endpoint', 'publicAccessCidrs'], 'publicAccess is true but no CIDR restricts it, which opens the API server to 0.0.0.0/0', 'list your VPN or office egress CIDRs in publicAccessCidrs, or set publicAccess to false');
  }
  for (const [i, text] of (e.publicAccessCidrs as string[]).entries()) {
    const c = parseCidr(text);
    const path = ['endpoint', 'publicAccessCidrs', i];
    if (!c) {
      problem(ctx, path, `"${text}" is not an IPv4 CIDR`, 'write it as a.b.c.d/nn, e.g. 203.0.113.0/24');
    } else if (c.prefix === 0) {
      if (!e.acknowledgePublicAccessFromAnywhere) {
        problem(ctx, path, '0.0.0.0/0 opens the API server to the whole internet', 'list specific CIDRs, or set endpoint.acknowledgePublicAccessFromAnywhere to a written reason if you really mean it');
      }
    } else if (isPrivateRange(c)) {
      problem(ctx, path, `${text} is a private range; a client of the public endpoint never has a private source address, so this entry allows nobody (the guide's own example lists 10.0.0.0/8 here)`, 'list the public egress IPs of your VPN or NAT instead; traffic from inside the VPC already uses the private endpoint');
    }
  }
}

const ARM_FAMILY = /^[a-z]+\d+g[a-z]*\./;

function validateNodeGroup(d: any, ctx: Ctx): void {
  const ng = d.systemNodeGroup;
  if (ng.minSize < 2) problem(ctx, ['systemNodeGroup', 'minSize'], `${ng.minSize} is below 2; one node failure stops the system pods`, 'set minSize to 2 or more');
  if (ng.maxSize < ng.minSize) problem(ctx, ['systemNodeGroup', 'maxSize'], `maxSize ${ng.maxSize} is below minSize ${ng.minSize}`, `set maxSize to ${ng.minSize} or more`);
  if (ng.desiredSize < ng.minSize || ng.desiredSize > ng.maxSize) {
    problem(ctx, ['systemNodeGroup', 'desiredSize'], `desiredSize ${ng.desiredSize} is outside ${ng.minSize}..${ng.maxSize}`, `set desiredSize between minSize and maxSize`);
  }
  const armAmi = String(ng.amiType).includes('ARM');
  for (const [i, t] of (ng.instanceTypes as string[]).entries()) {
    if (!instanceType(t)) {
      const guess = closest(t, instanceTypeNames());
      problem(ctx, ['systemNodeGroup', 'instanceTypes', i], `"${t}" is not an EC2 instance type keelson knows`, guess ? `did you mean ${guess}?` : 'use a name like m7g.large');
    } else if (ARM_FAMILY.test(t) !== armAmi) {
      problem(ctx, ['systemNodeGroup', 'instanceTypes', i], `${t} is ${ARM_FAMILY.test(t) ? 'arm64 (Graviton)' : 'x86_64'} but amiType ${ng.amiType} is ${armAmi ? 'arm64' : 'x86_64'}`, armAmi ? 'use a Graviton type such as m7g.large, or an x86_64 amiType' : 'use an x86_64 type such as m7i.large, or an ARM_64 amiType');
    }
  }
}

const BROAD_ACTION = /^\*$|^\*:\*$/;

function validateIdentities(d: any, ctx: Ctx): void {
  const seen = new Map<string, number>();
  for (const [i, w] of (d.workloadIdentities as any[]).entries()) {
    const key = `${w.namespace}/${w.serviceAccount}`;
    if (seen.has(key)) {
      problem(ctx, ['workloadIdentities', i], `${key} already has an identity (entry ${seen.get(key)})`, 'merge the two entries: one service account assumes one role');
    }
    seen.set(key, i);
    if (w.policyStatements.length === 0 && w.managedPolicyArns.length === 0) {
      problem(ctx, ['workloadIdentities', i], `identity for ${key} grants nothing`, 'add policyStatements or managedPolicyArns');
    }
    if (w.acknowledgeBroadPermissions) continue;
    for (const [j, s] of (w.policyStatements as any[]).entries()) {
      for (const [k, a] of (s.actions as string[]).entries()) {
        if (s.effect === 'Allow' && BROAD_ACTION.test(a)) {
          problem(ctx, ['workloadIdentities', i, 'policyStatements', j, 'actions', k], `"${a}" allows every AWS action`, 'list the exact actions the workload calls (e.g. s3:GetObject), or set acknowledgeBroadPermissions to a written reason');
        }
      }
    }
    for (const [j, arn] of (w.managedPolicyArns as string[]).entries()) {
      if (/:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(arn)) {
        problem(ctx, ['workloadIdentities', i, 'managedPolicyArns', j], `${arn.split('/').pop()} is not least privilege`, 'attach a policy with only the actions the workload needs, or set acknowledgeBroadPermissions to a written reason');
      }
    }
  }
}
