import { describe, expect, it } from 'vitest';
import rule from './node-imdsv2.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { liveInstance, liveTemplate } from '../../sources/live/live-template.fixtures.js';

const nodeClass = (meta: string) => `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  role: r\n${meta}`;

describe('NODE-IMDSV2', () => {
  it('fails an EC2NodeClass with optional tokens and hop limit 2', () => {
    const r = checkYaml(rule, nodeClass('  metadataOptions:\n    httpTokens: optional\n    httpPutResponseHopLimit: 2\n'));
    expect(failures(r)).toEqual(['NODE-IMDSV2[http-tokens] in.yaml:7', 'NODE-IMDSV2[hop-limit] in.yaml:8']);
  });

  it('passes Karpenter v1 defaults (required, hop limit 1)', () => {
    expect(checkYaml(rule, nodeClass('')).findings).toEqual([]);
  });

  it('fails an eksctl node group at hop limit 2 (eksctl\'s default), and leaves one on its own launch template not evaluated', () => {
    const eksctl = (ng: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nmanagedNodeGroups:\n  - name: a\n${ng}`;
    expect(failures(checkYaml(rule, eksctl('    instanceType: m7g.large\n')))).toEqual(['NODE-IMDSV2[hop-limit] in.yaml:5']);
    expect(failures(checkYaml(rule, eksctl('    disablePodIMDS: false\n')))).toEqual(['NODE-IMDSV2[hop-limit] in.yaml:6']);
    const own = checkYaml(rule, eksctl('    launchTemplate:\n      id: lt-0123456789abcdef0\n'));
    expect(own.findings.map((f) => [f.outcome, f.id, f.location.line])).toEqual([['not-evaluated', 'NODE-IMDSV2[hop-limit]', 6]]);
    // disablePodIMDS: true makes eksctl require tokens even with disableIMDSv1: false
    expect(checkYaml(rule, eksctl('    disablePodIMDS: true\n    disableIMDSv1: false\n')).findings).toEqual([]);
  });

  it('passes an eksctl node group that blocks pod IMDS access', () => {
    const r = checkYaml(rule, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\nmanagedNodeGroups:\n  - name: a\n    disablePodIMDS: true\n');
    expect(r.findings).toEqual([]);
  });

  it.each([
    ['IMDSv1 allowed', { HttpTokens: 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' }, [['fail', 'NODE-IMDSV2[http-tokens]', 'HttpTokens']]],
    ['hop limit 2', { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' }, [['fail', 'NODE-IMDSV2[hop-limit]', 'HttpPutResponseHopLimit']]],
    ['required, hop limit 1', { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' }, []],
    ['no metadata service', { HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'disabled' }, []],
    ['tokens not reported', {}, [['not-evaluated', 'NODE-IMDSV2[http-tokens]', 'HttpTokens']]],
  ] as [string, Record<string, unknown>, [string, string, string][]][])('judges a live snapshot\'s running instance: %s', (_what, options, expected) => {
    // GIVEN a live snapshot with one node instance and no node group
    const r = checkYaml(rule, liveTemplate({ resources: { Instancei0a: liveInstance('i-0a', options, { 'karpenter.sh/nodepool': 'general' }) } }));
    // THEN the instance is judged on its own metadata options, at the field
    expect(r.findings.map((f) => [f.outcome, f.id, f.location.path?.replace('Resources.Instancei0a.Properties.MetadataOptions', '').replace(/^\./, '')])).toEqual(expected);
    if (expected[0]?.[0] === 'fail') expect(r.findings[0]!.message).toMatch(/^instance i-0a \(NodePool general\) /);
  });

  it('judges instances only in a live snapshot: an AWS::EC2::Instance in a template is not a node', () => {
    const r = checkYaml(rule, liveTemplate({ live: false, resources: { Bastion: liveInstance('i-0b', { HttpTokens: 'optional' }) } }));
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([expect.objectContaining({ ruleId: 'NODE-IMDSV2', targets: 0 })]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails disableIMDSv1: false in the eksctl advanced example at that line', () => {
      const r = checkFixtures(rule, ['eksctl/05-advanced-nodegroups.yaml']);
      // eksctl writes hop limit 2 into every launch template without disablePodIMDS: each node group fails at itself
      expect(failures(r)).toEqual([
        'NODE-IMDSV2[hop-limit] eksctl/05-advanced-nodegroups.yaml:11',
        'NODE-IMDSV2[http-tokens] eksctl/05-advanced-nodegroups.yaml:20',
        'NODE-IMDSV2[hop-limit] eksctl/05-advanced-nodegroups.yaml:27',
        'NODE-IMDSV2[hop-limit] eksctl/05-advanced-nodegroups.yaml:40',
      ]);
      const hop = r.findings.find((f) => f.id === 'NODE-IMDSV2[hop-limit]');
      expect(hop?.message).toBe('node group "ng1-public" has IMDS hop limit 2 (eksctl\'s default without disablePodIMDS: true); pods can reach the node credentials');
      expect(hop?.fix).toMatch(/^set disablePodIMDS: true on the node group/);
      expect(r.findings.filter((f) => f.outcome === 'not-evaluated')).toEqual([]);
    });
  });
});
