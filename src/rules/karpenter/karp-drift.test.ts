import { describe, expect, it } from 'vitest';
import rule from './karp-drift.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const nodeClass = (terms: string, apiVersion = 'karpenter.k8s.aws/v1') =>
  `apiVersion: ${apiVersion}\nkind: EC2NodeClass\nmetadata:\n  name: default\nspec:\n  role: KarpenterNodeRole-prod\n${terms}`;

describe('KARP-DRIFT', () => {
  it('fails an EC2NodeClass pinned to a fixed AMI ID, at the id', () => {
    // GIVEN the id on line 8
    const r = checkYaml(rule, nodeClass('  amiSelectorTerms:\n    - id: ami-0123456789abcdef0\n'));
    expect(failures(r)).toEqual(['KARP-DRIFT[ami] in.yaml:8']);
    expect(r.findings[0]?.message).toContain('ami-0123456789abcdef0');
  });

  it('passes a pinned alias, al2023@latest, and name or tag selectors that follow new AMIs', () => {
    for (const terms of ['    - alias: al2023@v20260903\n', '    - alias: al2023@latest\n', '    - name: my-golden-al2023-*\n', '    - tags: {team: platform}\n    - id: ami-0123456789abcdef0\n']) {
      const r = checkYaml(rule, nodeClass(`  amiSelectorTerms:\n${terms}`));
      expect(r.findings, terms).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    }
  });

  it('fails a v1 EC2NodeClass without amiSelectorTerms at spec; passes v1beta1 with amiFamily alone', () => {
    expect(failures(checkYaml(rule, nodeClass('')))).toEqual(['KARP-DRIFT[ami] in.yaml:5']);
    expect(checkYaml(rule, nodeClass('  amiFamily: AL2023\n', 'karpenter.k8s.aws/v1beta1')).findings).toEqual([]);
  });

  it('fails a Drift=false feature gate on the Karpenter Deployment once, however many EC2NodeClasses', () => {
    const karpenter = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: karpenter, namespace: kube-system}', 'spec:', '  selector: {matchLabels: {app: karpenter}}',
      '  template:', '    metadata: {labels: {app: karpenter}}', '    spec:', '      containers:', '        - name: controller', '          image: public.ecr.aws/karpenter/controller:0.37.0',
      '          env:', '            - name: FEATURE_GATES', '              value: Drift=false,SpotToSpotConsolidation=true', '',
    ].join('\n');
    const classes = `${nodeClass('  amiSelectorTerms: [{alias: al2023@latest}]\n')}---\n${nodeClass('  amiSelectorTerms: [{alias: al2023@latest}]\n').replace('name: default', 'name: gpu')}`;
    expect(failures(checkFiles(rule, { 'karpenter.yaml': karpenter, 'classes.yaml': classes }))).toEqual(['KARP-DRIFT[feature-gate] karpenter.yaml:14']);
  });

  it('says not evaluated for terms it cannot read, never pass', () => {
    const r = checkYaml(rule, nodeClass('  amiSelectorTerms:\n    - owner: amazon\n'));
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the Karpenter examples (al2023@latest, bottlerocket@latest)', () => {
      expect(checkFixtures(rule, ['karpenter/general-purpose.yaml', 'karpenter/bottlerocket.yaml']).rules[0]).toMatchObject({ status: 'pass', targets: 2 });
    });
  });
});
