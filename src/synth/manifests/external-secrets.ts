import type { ClusterDefinition } from '../../model/schema.js';
import { podSecurityLabels } from './namespaces.js';
import { platformWorkloadLabels } from './platform-labels.js';
import { MANAGED_BY } from './types.js';
import type { Component } from './types.js';

export const ESO_NAMESPACE = 'external-secrets';
export const ESO_SERVICE_ACCOUNT = 'external-secrets';

/**
 * External Secrets Operator. Its namespace is restricted: the chart's controller, webhook and cert controller run
 * as non-root with no capabilities and a read-only root filesystem, so no exception is needed.
 *
 * No ClusterSecretStore is generated: its CRD ships with the chart and there is no upstream schema to validate it
 * against here. The store the team adds: `provider.aws.service: SecretsManager`, `region`, and no `auth` block, so
 * the operator uses its Pod Identity role (which reads only `secretsPathPrefix`).
 */
export function externalSecretsComponent(d: ClusterDefinition): Component {
  // external-secrets is not one of the system namespaces Kyverno's guardrails exclude, so its pods must pass them:
  // labels and requests/limits on all three Deployments. The images (ghcr.io) still need kyverno.allowedRegistries.
  const podLabels = { app: 'external-secrets', ...platformWorkloadLabels(d) };
  const resources = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  return {
    name: 'external-secrets',
    description: `External Secrets Operator (Helm); its role reads only Secrets Manager secrets under "${d.externalSecrets.secretsPathPrefix ?? ''}". Add a ClusterSecretStore (provider aws, service SecretsManager, region ${d.region}, no auth block). Its images come from ghcr.io: allow them in kyverno.allowedRegistries (or mirror them to ECR) while Kyverno enforces`,
    helm: {
      name: 'external-secrets',
      chart: 'external-secrets',
      repo: 'https://charts.external-secrets.io',
      version: d.externalSecrets.chartVersion,
      namespace: ESO_NAMESPACE,
      values: {
        installCRDs: true,
        replicaCount: 2,
        serviceAccount: { create: true, name: ESO_SERVICE_ACCOUNT },
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        podLabels,
        resources,
        webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, podLabels, resources },
        certController: { podLabels, resources },
      },
    },
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ESO_NAMESPACE, labels: { ...MANAGED_BY, ...podSecurityLabels('restricted', d.kubernetesVersion) } },
      },
    ],
  };
}
