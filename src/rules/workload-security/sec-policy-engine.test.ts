import { describe, expect, it } from 'vitest';
import rule from './sec-policy-engine.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const policy = (name: string, action: string, validate: string) =>
  `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: ${name}}\nspec:\n  validationFailureAction: ${action}\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate:\n${validate}`;
const ALL = [
  policy('ecr', 'Enforce', '        pattern: {spec: {containers: [{image: "123456789012.dkr.ecr.*.amazonaws.com/*"}]}}\n'),
  policy('limits', 'Enforce', '        pattern: {spec: {containers: [{resources: {limits: {memory: "?*"}}}]}}\n'),
  policy('latest', 'Enforce', '        pattern: {spec: {containers: [{image: "!*:latest"}]}}\n'),
  policy('labels', 'Enforce', '        pattern: {metadata: {labels: {team: "?*"}}}\n'),
];

describe('SEC-POLICY-ENGINE', () => {
  it('passes when all four guardrails are enforced', () => {
    expect(checkYaml(rule, ALL.join('---\n')).findings).toEqual([]);
  });

  it('fails a guardrail that is only audited, at its mode', () => {
    const r = checkYaml(rule, [...ALL.slice(0, 2), ALL[2]!.replace('Enforce', 'Audit'), ALL[3]].join('---\n'));
    expect(failures(r)).toEqual(['SEC-POLICY-ENGINE[no-latest] in.yaml:27']);
  });

  it('accepts Gatekeeper constraints (deny by default)', () => {
    const gk = (kind: string, params = '') => `apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ${kind}\nmetadata: {name: x}\nspec:\n  parameters: {${params}}\n`;
    const r = checkYaml(rule, [gk('K8sAllowedRepos', 'repos: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/"]'), gk('K8sContainerLimits'), gk('K8sDisallowedTags'), gk('K8sRequiredLabels')].join('---\n'));
    expect(r.findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('reports the kyverno best-practice policies as audit-only and ECR as missing', () => {
      const r = checkFixtures(rule, ['kyverno/disallow-latest-tag.yaml', 'kyverno/require-labels.yaml', 'kyverno/require-pod-requests-limits.yaml']);
      expect(failures(r).map((f) => f.split(' ')[0]).sort()).toEqual(['SEC-POLICY-ENGINE[ecr-only]', 'SEC-POLICY-ENGINE[no-latest]', 'SEC-POLICY-ENGINE[required-labels]', 'SEC-POLICY-ENGINE[resource-limits]']);
      expect(r.findings.find((f) => f.id === 'SEC-POLICY-ENGINE[no-latest]')?.message).toMatch(/Audit only/);
    });
  });
});
