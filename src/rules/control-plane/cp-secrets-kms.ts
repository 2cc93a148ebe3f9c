import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';

/** The rotation finding points at the key, so its fix names the key's own setting in each format. */
const ROTATION_FIX: Partial<Record<string, string>> = {
  keelson: 'keep encryption key rotation on (the default) for the key keelson creates',
  eksctl: 'turn on rotation of the key in secretsEncryption.keyARN (aws kms enable-key-rotation --key-id ...)',
  cloudformation: 'set EnableKeyRotation: true on the AWS::KMS::Key',
  terraform: 'set enable_key_rotation = true on the aws_kms_key (terraform-aws-modules/eks: enable_kms_key_rotation = true, the default)',
};

export default defineRule({
  id: 'CP-SECRETS-KMS',
  title: 'Secrets are envelope-encrypted with a KMS key that rotates',
  severity: 'high',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  checklist: 3,
  rationale: 'The guide enables envelope encryption of Secrets with a customer-managed KMS key and key rotation: without it, a stolen etcd backup exposes every Secret.',
  practice: 'Since EKS 1.28 the control plane also encrypts all API data with an AWS-owned key by default; a customer-managed key is still what the guide asks for, because it gives you the audit trail and the power to revoke.',
  remediation: {
    keelson: 'remove encryption.kmsKeyArn to let keelson create a rotating key, or point it at a key with rotation on',
    eksctl: 'set secretsEncryption.keyARN to a customer-managed KMS key with rotation enabled',
    cloudformation: 'add EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: ...}}] and EnableKeyRotation: true on the key',
    terraform: 'aws_eks_cluster: add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.<name>.arn } } and set enable_key_rotation = true on that aws_kms_key; terraform-aws-modules/eks: keep create_kms_key = true (the default) or set cluster_encryption_config (v21: encryption_config) = { resources = ["secrets"], provider_key_arn = ... }',
  },
  ...clusterTargets,
  check(c, ctx) {
    const key = c.secretsKmsKey;
    if (key.unresolved) return [ctx.notEvaluated(`secrets encryption key: ${key.unresolved}`, key.at)];
    if (key.value === undefined) return [ctx.fail('Secrets are not envelope-encrypted with a KMS key', key.at, { sub: 'key' })];
    const rot = c.secretsKeyRotation;
    if (rot.value === false) return [ctx.fail('the KMS key that encrypts Secrets has rotation off', rot.at, { sub: 'rotation', fix: ROTATION_FIX[c.source] ?? 'turn on automatic rotation of the key' })];
    if (rot.value === undefined) return [ctx.notEvaluated('the KMS key is defined outside the inputs; its rotation cannot be checked here', rot.at, { sub: 'rotation' })];
    return [];
  },
});
