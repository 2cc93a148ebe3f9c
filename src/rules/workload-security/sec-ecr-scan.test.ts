import { describe, expect, it } from 'vitest';
import rule from './sec-ecr-scan.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n';
const scanning = (type: string, freq?: string) =>
  `Resources:\n  Scan:\n    Type: AWS::ECR::RegistryScanningConfiguration\n    Properties:\n      ScanType: ${type}\n${freq ? `      Rules:\n        - ScanFrequency: ${freq}\n          RepositoryFilters: [{Filter: "*", FilterType: WILDCARD}]\n` : '      Rules: []\n'}`;

describe('SEC-ECR-SCAN', () => {
  it('fails BASIC scanning with MANUAL frequency, and a configuration without rules, at its rules', () => {
    // GIVEN the cluster in one template and the account's scanning configuration in another
    const manual = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': scanning('BASIC', 'MANUAL') });
    // THEN it fails at Rules (line 6)
    expect(failures(manual)).toEqual(['SEC-ECR-SCAN account.yaml:6']);
    expect(failures(checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': scanning('ENHANCED') }))).toEqual(['SEC-ECR-SCAN account.yaml:6']);
  });

  it('passes ENHANCED continuous and BASIC on-push scanning', () => {
    expect(checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': scanning('ENHANCED', 'CONTINUOUS_SCAN') }).findings).toEqual([]);
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': scanning('BASIC', 'SCAN_ON_PUSH') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated when no scanning configuration is in the inputs (an account setting)', () => {
    const r = checkYaml(rule, CLUSTER);
    expect(r.findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 2]]);
  });

  it('passes keelson defaults (ENHANCED, continuous)', () => {
    const r = checkYaml(rule, 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n');
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'SEC-ECR-SCAN', status: 'pass', targets: 1 }]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('leaves eksctl examples not evaluated: eksctl does not manage ECR', () => {
      const r = checkFixtures(rule, ['eksctl/01-simple-cluster.yaml']);
      expect(r.findings.map((f) => [f.outcome, f.location.file, f.location.line])).toEqual([['not-evaluated', 'eksctl/01-simple-cluster.yaml', 6]]);
    });
  });
});
