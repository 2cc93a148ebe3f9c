import { describe, expect, it } from 'vitest';
import rule from './upg-pdb-drainable.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, hasSharedFixtures, failures, sharedSkipNote } from '../internal/rule-tester.js';

const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n${spec}`;

describe('UPG-PDB-DRAINABLE', () => {
  it('fails maxUnavailable 0 at its line', () => {
    expect(failures(checkFiles(rule, { 'pdb.yaml': pdb('  maxUnavailable: 0\n') }))).toEqual(['UPG-PDB-DRAINABLE pdb.yaml:7']);
  });

  it('fails minAvailable equal to the replicas of the workload in another file', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': deployment({ replicas: 3 }), 'pdb.yaml': pdb('  minAvailable: 3\n') }))).toEqual(['UPG-PDB-DRAINABLE pdb.yaml:7']);
  });

  it('passes minAvailable below the replicas', () => {
    expect(checkFiles(rule, { 'app.yaml': deployment({ replicas: 3 }), 'pdb.yaml': pdb('  minAvailable: 2\n') }).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('has no PDB to judge in the podinfo example', () => {
      expect(checkFixtures(rule, ['k8s/podinfo-deployment.yaml']).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
    });
  });
});
