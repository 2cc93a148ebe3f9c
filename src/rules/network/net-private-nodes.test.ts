import { describe, expect, it } from 'vitest';
import rule from './net-private-nodes.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { GOOD_SUBNETS, vpcTemplate } from './net-rules.fixtures.js';

describe('NET-PRIVATE-NODES', () => {
  it('fails an eksctl node group without privateNetworking', () => {
    expect(failures(checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups:\n  - name: a\n'))).toEqual(['NET-PRIVATE-NODES in.yaml:5']);
  });

  it('passes privateNetworking: true', () => {
    expect(checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups:\n  - name: a\n    privateNetworking: true\n').findings).toEqual([]);
  });

  it('CloudFormation: a node group on the template\'s private subnets passes, one with a public subnet fails at its Subnets', () => {
    // GIVEN the guide's VPC with the node group on its three private subnets
    const priv = checkYaml(rule, vpcTemplate(GOOD_SUBNETS, { nodeGroup: true }));
    expect(priv.rules[0]?.status).toBe('pass');
    // WHEN one of its subnets routes to the internet gateway instead
    const withPublic = vpcTemplate(GOOD_SUBNETS.map((s) => (s.id === 'PrivC' ? { ...s, public: true } : s)), { nodeGroup: true });
    const tmpl = withPublic.replace('        - !Ref PrivB', '        - !Ref PrivB\n        - !Ref PrivC');
    const line = tmpl.split('\n').findIndex((l) => l === '      Subnets:') + 1;
    expect(failures(checkYaml(rule, tmpl))).toEqual([`NET-PRIVATE-NODES in.yaml:${line}`]);
    // AND a subnet the template does not define leaves it undecided
    const foreign = vpcTemplate(GOOD_SUBNETS, { nodeGroup: true }).replace('        - !Ref PrivA', '        - subnet-0abc');
    expect(checkYaml(rule, foreign).rules[0]?.status).toBe('not-evaluated');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails only the public node group of the two-nodegroups example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']))).toEqual(['NET-PRIVATE-NODES eksctl/03-two-nodegroups.yaml:11']);
    });
  });
});
