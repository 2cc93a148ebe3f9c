import { describe, expect, it } from 'vitest';
import rule from './iam-node-role-minimal.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';
import { EKSCTL, nodeRole } from './iam-rules.fixtures.js';

const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe('IAM-NODE-ROLE-MINIMAL', () => {
  it('fails an add-on policy on a managed node group\'s NodeRole, at that policy', () => {
    // GIVEN node policies plus the EBS CSI driver's policy (line 17), which belongs on the driver's own role
    // THEN it fails there
    const r = checkYaml(rule, nodeRole([aws('AmazonEKSWorkerNodePolicy'), aws('AmazonEC2ContainerRegistryPullOnly'), aws('service-role/AmazonEBSCSIDriverPolicy')]));
    expect(failures(r)).toEqual(['IAM-NODE-ROLE-MINIMAL[policy] in.yaml:17']);
    expect(r.findings[0]?.message).toContain('AmazonEBSCSIDriverPolicy');
  });

  it('passes only node policies', () => {
    const r = checkYaml(rule, nodeRole([aws('AmazonEKSWorkerNodePolicy'), aws('AmazonEC2ContainerRegistryPullOnly'), aws('AmazonSSMManagedInstanceCore')]));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'IAM-NODE-ROLE-MINIMAL', status: 'pass', targets: 1 });
  });

  it('judges an EC2-trusted role that an EC2NodeClass names, and ignores EC2 roles nothing uses as a node role', () => {
    const role = 'Resources:\n  KarpNodes:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: KarpenterNodeRole-c\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Action: sts:AssumeRole, Effect: Allow, Principal: {Service: ec2.amazonaws.com}}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n';
    const nodeClass = 'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: KarpenterNodeRole-c\n';
    // GIVEN the role alone THEN nothing marks it a node role
    const lone = checkYaml(rule, role);
    expect(lone.rules[0]?.status).toBe('not-evaluated');
    // GIVEN an EC2NodeClass naming it WHEN both are checked THEN its AdministratorAccess (line 9) fails
    const r = checkFiles(rule, { 'role.yaml': role, 'nodeclass.yaml': nodeClass });
    expect(failures(r)).toEqual(['IAM-NODE-ROLE-MINIMAL[policy] role.yaml:9']);
  });

  it('fails eksctl withAddonPolicies on a node group', () => {
    const r = checkYaml(rule, EKSCTL('managedNodeGroups:\n  - name: a\n    iam:\n      withAddonPolicies:\n        externalDNS: true\n        ebs: false\n'));
    expect(failures(r)).toEqual(['IAM-NODE-ROLE-MINIMAL[addon-policy] in.yaml:8']);
  });

  it('passes eksctl\'s default node role policies', () => {
    const r = checkYaml(rule, EKSCTL('managedNodeGroups:\n  - name: a\n'));
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes keelson\'s own synth output (system and Karpenter node roles)', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'IAM-NODE-ROLE-MINIMAL', status: 'pass', targets: 2 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails the guide-style autoScaler add-on policy in the eksctl advanced example', () => {
      const r = checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']);
      expect(failures(r)).toEqual(['IAM-NODE-ROLE-MINIMAL[addon-policy] eksctl/05-advanced-nodegroups.yaml:25']);
    });
  });
});
