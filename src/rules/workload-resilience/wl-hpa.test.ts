import { describe, expect, it } from 'vitest';
import rule from './wl-hpa.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('WL-HPA', () => {
  it('fails a Deployment without an HPA', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': deployment() }))).toEqual(['WL-HPA app.yaml:3']);
  });

  it('does not count an HPA that targets another Deployment', () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {kind: Deployment, name: other}\n';
    expect(failures(checkFiles(rule, { 'app.yaml': deployment(), 'hpa.yaml': hpa }))).toEqual(['WL-HPA app.yaml:3']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('matches the podinfo HPA to its Deployment across files', () => {
      const r = checkFixtures(rule, ['k8s/podinfo-deployment.yaml', 'k8s/podinfo-hpa.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]).toMatchObject({ status: 'pass', targets: 1 });
    });
  });
});
