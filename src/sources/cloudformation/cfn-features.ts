/**
 * Settings beside the cluster in a CloudFormation template (and CDK output): AWS::IAM::OIDCProvider, the
 * eks-pod-identity-agent add-on, AWS::ECR::RegistryScanningConfiguration and AWS::GuardDuty::Detector features.
 */
import { child } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import { factAt, valueAt } from '../fact.js';
import type { Inventory } from '../inventory.js';

export function addCfnFeatures(inv: Inventory, obj: SourceObject): void {
  const resources: Record<string, unknown> = isRecord(obj.value.Resources) ? obj.value.Resources : {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r)) continue;
    const at = child(obj.at, 'Resources', id);
    if (r.Type === 'AWS::IAM::OIDCProvider') {
      inv.features.push({ source: 'cloudformation', feature: 'oidcProvider', enabled: { value: true, at }, detail: `OIDC provider ${id}` });
    } else if (r.Type === 'AWS::EKS::Addon' && valueAt(r, ['Properties', 'AddonName']) === 'eks-pod-identity-agent') {
      inv.features.push({ source: 'cloudformation', feature: 'podIdentityAgent', enabled: { value: true, at }, detail: `add-on ${id}` });
    } else if (r.Type === 'AWS::ECR::RegistryScanningConfiguration') {
      const type = factAt<string>(r, at, ['Properties', 'ScanType']);
      const rules = valueAt(r, ['Properties', 'Rules']);
      const freqs = Array.isArray(rules) ? rules.map((x) => (isRecord(x) ? String(x.ScanFrequency) : '?')) : [];
      // BASIC scanning only happens for repositories a rule covers with SCAN_ON_PUSH or better; ENHANCED needs a rule too.
      const scans = type.value !== undefined && freqs.some((f) => f === 'SCAN_ON_PUSH' || f === 'CONTINUOUS_SCAN');
      inv.features.push({
        source: 'cloudformation',
        feature: 'ecrScanning',
        enabled: type.unresolved ? { value: undefined, at: type.at, unresolved: type.unresolved } : { value: scans, at: Array.isArray(rules) ? child(at, 'Properties', 'Rules') : child(at, 'Properties') },
        detail: `${type.value ?? '?'}${freqs.length > 0 ? `, ${freqs.join(', ')}` : ', no scanning rules'}`,
      });
    } else if (r.Type === 'AWS::EKS::PodIdentityAssociation' && valueAt(r, ['Properties', 'ServiceAccount']) === 'karpenter') {
      inv.features.push({ source: 'cloudformation', feature: 'karpenter', enabled: { value: true, at }, detail: `pod identity association ${id}` });
    } else if (r.Type === 'AWS::Events::Rule' && spotInterruptionToQueue(r, resources)) {
      // Karpenter (or NTH in queue mode) reads spot interruption warnings from an SQS queue that this rule feeds.
      inv.features.push({ source: 'cloudformation', feature: 'spotInterruptionQueue', enabled: { value: valueAt(r, ['Properties', 'State']) !== 'DISABLED', at: child(at, 'Properties', ...(valueAt(r, ['Properties', 'State']) === undefined ? [] : ['State'])) }, detail: `EventBridge rule ${id}` });
    } else if (r.Type === 'AWS::GuardDuty::Detector') {
      const features = valueAt(r, ['Properties', 'Features']);
      const i = Array.isArray(features) ? features.findIndex((f) => isRecord(f) && (f.Name === 'EKS_RUNTIME_MONITORING' || f.Name === 'RUNTIME_MONITORING')) : -1;
      const f = i >= 0 && Array.isArray(features) ? (features[i] as Record<string, unknown>) : undefined;
      const detectorOn = valueAt(r, ['Properties', 'Enable']) !== false;
      inv.features.push({
        source: 'cloudformation',
        feature: 'guardDutyEksRuntime',
        enabled: { value: detectorOn && f?.Status === 'ENABLED', at: f ? child(at, 'Properties', 'Features', i, 'Status') : child(at, 'Properties') },
        detail: f ? `${String(f.Name)} ${String(f.Status)}${detectorOn ? '' : ' (detector disabled)'}` : 'no EKS_RUNTIME_MONITORING or RUNTIME_MONITORING feature',
      });
    }
  }
}

function spotInterruptionToQueue(r: Record<string, unknown>, resources: Record<string, unknown>): boolean {
  const types = valueAt(r, ['Properties', 'EventPattern', 'detail-type']);
  if (!Array.isArray(types) || !types.includes('EC2 Spot Instance Interruption Warning')) return false;
  const targets = valueAt(r, ['Properties', 'Targets']);
  return Array.isArray(targets) && targets.some((t) => {
    const arn = isRecord(t) ? t.Arn : undefined;
    const g = isRecord(arn) ? arn['Fn::GetAtt'] : undefined;
    const id = Array.isArray(g) ? g[0] : undefined;
    const q = typeof id === 'string' ? resources[id] : undefined;
    // An ARN written out is taken at its word: a queue ARN.
    return (isRecord(q) && q.Type === 'AWS::SQS::Queue') || (typeof arn === 'string' && arn.startsWith('arn:aws:sqs:'));
  });
}
