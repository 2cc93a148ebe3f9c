import { describe, expect, it } from 'vitest';
import rule from './net-subnet-size.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, GOOD_SUBNETS, KEELSON, vpcTemplate } from './net-rules.fixtures.js';

describe('NET-SUBNET-SIZE', () => {
  it('fails a /24 node subnet at its CidrBlock, and ignores /24 public subnets', () => {
    // GIVEN the guide's network with PrivB cut down to a /24 (PrivB's CidrBlock is line 40)
    const subnets = GOOD_SUBNETS.map((s) => (s.id === 'PrivB' ? { ...s, cidr: '10.0.32.0/24' } : s));
    const r = checkYaml(rule, vpcTemplate(subnets, { nodeGroup: true }));
    // THEN only PrivB fails; public /24 subnets hold no nodes
    expect(failures(r)).toEqual(['NET-SUBNET-SIZE in.yaml:40']);
    expect(r.findings[0]?.message).toContain('/24 (251 usable IPs)');
  });

  it('passes /20 node subnets, and reads the prefix of Fn::Select of Fn::Cidr', () => {
    expect(checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nodeGroup: true })).findings).toEqual([]);
    const cidr = (bits: number) => `{"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": [Vpc, CidrBlock]}, 6, ${bits}]}]}`;
    expect(checkYaml(rule, vpcTemplate([{ id: 'P', az: 'eu-west-1a', cidr: cidr(12) }], { nodeGroup: true })).findings).toEqual([]);
    // WHEN Fn::Cidr cuts 8 host bits (a /24) THEN it fails
    expect(failures(checkYaml(rule, vpcTemplate([{ id: 'P', az: 'eu-west-1a', cidr: cidr(8) }], { nodeGroup: true })))).toEqual(['NET-SUBNET-SIZE in.yaml:27']);
  });

  it('is not evaluated for a CIDR from a parameter', () => {
    const r = checkYaml(rule, vpcTemplate([{ id: 'P', az: 'eu-west-1a', cidr: '!Ref SubnetCidr' }], { nodeGroup: true }));
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 27]]);
  });

  it('fails an eksctl /24 private subnet at its cidr and passes eksctl\'s default /19 subnets', () => {
    const r = checkYaml(rule, EKSCTL('vpc:\n  subnets:\n    private:\n      eu-west-1a: {cidr: 10.0.1.0/24}\n      eu-west-1b: {cidr: 10.0.4.0/22}\nmanagedNodeGroups:\n  - name: a\n    privateNetworking: true\n'));
    expect(failures(r)).toEqual(['NET-SUBNET-SIZE in.yaml:7']);
    expect(checkYaml(rule, EKSCTL('managedNodeGroups:\n  - name: a\n    privateNetworking: true\n')).findings).toEqual([]);
    // WHEN the eksctl VPC is a /22 THEN its eighths are /25s
    expect(failures(checkYaml(rule, EKSCTL('vpc:\n  cidr: 10.0.0.0/22\n')))).toEqual(['NET-SUBNET-SIZE in.yaml:5']);
  });

  it('is not evaluated, with the reason, for a VPC with no node subnets (public subnets only, or none at all)', () => {
    // GIVEN a network stack of only public /24 subnets and no node group: nothing tells where nodes run
    const pub = checkYaml(rule, vpcTemplate(GOOD_SUBNETS.filter((s) => s.public)));
    expect(pub.rules[0]?.status).toBe('not-evaluated');
    expect(pub.findings.map((f) => [f.outcome, f.location.line, f.message])).toEqual([['not-evaluated', 2, 'no node subnets are known for VPC Vpc: none of its 3 subnets is named by the cluster or a node group, or known to be private']]);
    const bare = checkYaml(rule, vpcTemplate([]));
    expect(bare.rules[0]?.status).toBe('not-evaluated');
    expect(bare.findings[0]?.message).toMatch(/the inputs define no subnets in it/);
    // WHEN a private subnet is added THEN it is judged as a node subnet again
    expect(checkYaml(rule, vpcTemplate([...GOOD_SUBNETS.filter((s) => s.public), { id: 'PrivA', az: 'eu-west-1a', cidr: '10.0.16.0/20' }])).rules[0]?.status).toBe('pass');
  });

  it('is not evaluated for a terraform-aws-modules/vpc network of public subnets only, and judges them once a cluster uses them', () => {
    // The shape of the module's public-only examples: no private_subnets, no cluster in the inputs.
    const vpc = { source: 'terraform-aws-modules/vpc/aws', version: '~> 5.0', name: 'demo', cidr: '10.0.0.0/16', azs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], public_subnets: ['10.0.101.0/24', '10.0.102.0/24', '10.0.103.0/24'], enable_nat_gateway: false };
    const alone = checkFiles(rule, { 'main.tf.json': JSON.stringify({ module: { vpc: [vpc] } }, null, 2) });
    expect(alone.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 4]]);
    const eks = { source: 'terraform-aws-modules/eks/aws', cluster_name: 'c', vpc_id: '${module.vpc.vpc_id}', subnet_ids: '${module.vpc.public_subnets}' };
    expect(failures(checkFiles(rule, { 'main.tf.json': JSON.stringify({ module: { vpc: [vpc], eks: [eks] } }, null, 2) }))).toHaveLength(3);
  });

  it('passes keelson\'s default /20 node subnets; a /24 is refused by the model', () => {
    const ok = checkYaml(rule, KEELSON(''));
    expect(ok.findings).toEqual([]);
    expect(ok.rules[0]?.status).toBe('pass');
    const bad = checkYaml(rule, KEELSON('network:\n  privateSubnetPrefix: 24\n'));
    expect(bad.notices.map((n) => n.message).join()).toContain('smaller than /22');
  });

  it('passes keelson\'s own synth output (/20 node subnets)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'NET-SUBNET-SIZE', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the eksctl examples, whose default VPC has /19 subnets', () => {
      const r = checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
