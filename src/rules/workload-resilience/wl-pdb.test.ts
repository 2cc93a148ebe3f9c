import { describe, expect, it } from 'vitest';
import rule from './wl-pdb.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const pdb = (spec: string, ns = '') => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web${ns ? `\n  namespace: ${ns}` : ''}\nspec:\n  selector:\n    matchLabels: {app: web}\n${spec}`;

describe('WL-PDB', () => {
  it('fails a Deployment no PDB selects', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': deployment({ replicas: 3 }) }))).toEqual(['WL-PDB[missing] app.yaml:3']);
  });

  it('passes with a PDB in another file that matches by selector', () => {
    expect(checkFiles(rule, { 'app.yaml': deployment({ replicas: 3 }), 'pdb.yaml': pdb('  maxUnavailable: 1\n') }).findings).toEqual([]);
  });

  it('does not match a PDB of another namespace', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment({ replicas: 3, namespace: 'a' }), 'pdb.yaml': pdb('  maxUnavailable: 1\n', 'b') });
    expect(failures(r)).toEqual(['WL-PDB[missing] app.yaml:3']);
  });

  it('fails a PDB that allows no disruption, at the PDB', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment({ replicas: 2 }), 'pdb.yaml': pdb('  minAvailable: 2\n') });
    expect(failures(r)).toEqual(['WL-PDB[no-disruption] pdb.yaml:5']);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags podinfo, which ships no PDB', () => {
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml', 'k8s/podinfo-hpa.yaml']))).toEqual(['WL-PDB[missing] k8s/podinfo-deployment.yaml:3']);
    });
  });

  it('counts a policy/v1 PDB with an empty selector as covering every pod of its namespace', () => {
    const all = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  selector: {}\n  maxUnavailable: 1\n';
    expect(checkFiles(rule, { 'app.yaml': deployment({ replicas: 3 }), 'pdb.yaml': all }).findings).toEqual([]);
  });
});
