import { describe, expect, it } from 'vitest';
import rule from './sec-guardduty.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';
import { checkOwnOutput, OWN_OUTPUT_TIMEOUT_MS } from '../internal/own-output.js';

const CLUSTER = 'Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: c\n';
const detector = (features: string) => `Resources:\n  D:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n${features}`;
const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';

describe('SEC-GUARDDUTY', () => {
  it('fails a detector with EKS runtime monitoring disabled, at its Status', () => {
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': detector('      Features:\n        - Name: EKS_AUDIT_LOGS\n          Status: ENABLED\n        - Name: EKS_RUNTIME_MONITORING\n          Status: DISABLED\n') });
    expect(failures(r)).toEqual(['SEC-GUARDDUTY account.yaml:10']);
  });

  it('fails a detector with only audit-log monitoring, at its Properties', () => {
    const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': detector('      Features:\n        - Name: EKS_AUDIT_LOGS\n          Status: ENABLED\n') });
    expect(failures(r)).toEqual(['SEC-GUARDDUTY account.yaml:4']);
  });

  it('passes EKS_RUNTIME_MONITORING or RUNTIME_MONITORING enabled', () => {
    for (const name of ['EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING']) {
      const r = checkFiles(rule, { 'cluster.yaml': CLUSTER, 'account.yaml': detector(`      Features:\n        - Name: ${name}\n          Status: ENABLED\n`) });
      expect(r.findings, name).toEqual([]);
      expect(r.rules[0]?.status, name).toBe('pass');
    }
  });

  it('is not evaluated without a detector in the inputs', () => {
    expect(checkYaml(rule, CLUSTER).findings.map((f) => [f.outcome, f.location.line])).toEqual([['not-evaluated', 2]]);
  });

  it('fails keelson addons.guardDuty.enabled: false, passes the default', () => {
    expect(failures(checkYaml(rule, `${KEELSON}addons:\n  guardDuty:\n    enabled: false\n`))).toEqual(['SEC-GUARDDUTY in.yaml:6']);
    expect(checkYaml(rule, KEELSON).findings).toEqual([]);
  });

  it('passes keelson\'s own synth output', { timeout: OWN_OUTPUT_TIMEOUT_MS }, async () => {
    const r = await checkOwnOutput(rule);
    expect(r.findings).toEqual([]);
    expect(r.rules).toEqual([{ ruleId: 'SEC-GUARDDUTY', status: 'pass', targets: 1 }]);
  });
});
