import { describe, expect, it } from 'vitest';
import rule from './sec-required-labels.js';
import { deployment } from '../internal/manifests.js';
import { checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('SEC-REQUIRED-LABELS', () => {
  it('reports each missing label at metadata.labels', () => {
    expect(failures(checkYaml(rule, deployment({ labels: { team: 'payments' } })))).toEqual(['SEC-REQUIRED-LABELS[environment] in.yaml:5']);
  });

  it('passes app, team and environment', () => {
    expect(checkYaml(rule, deployment({ labels: { team: 'payments', environment: 'prod' } })).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags team and environment on podinfo (it has app)', () => {
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml']))).toEqual(['SEC-REQUIRED-LABELS[environment] k8s/podinfo-deployment.yaml:3', 'SEC-REQUIRED-LABELS[team] k8s/podinfo-deployment.yaml:3']);
    });
  });
});
