import { defineRule } from '../define-rule.js';
import { judgeFeature } from '../internal/features.js';
import { clusterTargets } from '../internal/targets.js';

export default defineRule({
  id: 'SEC-ECR-SCAN',
  title: 'ECR enhanced (or on-push) scanning is on',
  severity: 'high',
  area: 'workload-security',
  evidence: ['DEF', 'LIVE'],
  checklist: 10,
  rationale: 'The guide scans every image in ECR: enhanced scanning (Amazon Inspector) finds OS and language-package CVEs on push and keeps rescanning as new CVEs are published; without scanning, a vulnerable image reaches production unnoticed.',
  practice: 'Basic scanning on push is the floor the catalogue accepts; AWS is retiring the basic engine in favour of enhanced scanning, which also rescans continuously. Registry scanning is an account-wide setting, often in a separate stack: when no scanning configuration is in the inputs, the rule is not evaluated rather than failed.',
  remediation: {
    keelson: 'set ecr.scanType: ENHANCED (the default) and ecr.continuous: true',
    eksctl: 'eksctl does not manage ECR: put an AWS::ECR::RegistryScanningConfiguration (ScanType ENHANCED) in an account stack, or run aws ecr put-registry-scanning-configuration',
    cloudformation: 'add AWS::ECR::RegistryScanningConfiguration with ScanType: ENHANCED and a rule {ScanFrequency: CONTINUOUS_SCAN, RepositoryFilters: [{Filter: "*", FilterType: WILDCARD}]}',
    terraform: 'add aws_ecr_registry_scanning_configuration { scan_type = "ENHANCED" rule { scan_frequency = "CONTINUOUS_SCAN" repository_filter { filter = "*" filter_type = "WILDCARD" } } }',
  },
  ...clusterTargets,
  check(c, ctx) {
    return judgeFeature(c, ctx, ['ecrScanning'], 'ECR images are not scanned on push or continuously', () => [
      ctx.notEvaluated('ECR registry scanning is an account setting and no scanning configuration is in the inputs', c.at),
    ]);
  },
});
