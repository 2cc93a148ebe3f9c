import { describe, expect, it } from 'vitest';
import rule from './net-private-nodes.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('NET-PRIVATE-NODES', () => {
  it('fails an eksctl node group without privateNetworking', () => {
    expect(failures(checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups:\n  - name: a\n'))).toEqual(['NET-PRIVATE-NODES in.yaml:5']);
  });

  it('passes privateNetworking: true', () => {
    expect(checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nnodeGroups:\n  - name: a\n    privateNetworking: true\n').findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails only the public node group of the two-nodegroups example', () => {
      expect(failures(checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']))).toEqual(['NET-PRIVATE-NODES eksctl/03-two-nodegroups.yaml:11']);
    });
  });
});
