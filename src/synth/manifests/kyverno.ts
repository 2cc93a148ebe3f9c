import { SYSTEM_NAMESPACES } from '../../model/platform-schema.js';
import type { ClusterDefinition } from '../../model/schema.js';
import { ecrRegistry } from '../names.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

const podMatch = { any: [{ resources: { kinds: ['Pod'] } }] };
const systemExclude = { any: [{ resources: { namespaces: [...SYSTEM_NAMESPACES] } }] };
const allContainers = (pattern: Record<string, unknown>): Record<string, unknown> => ({
  spec: {
    '=(ephemeralContainers)': [pattern],
    '=(initContainers)': [pattern],
    containers: [pattern],
  },
});

function clusterPolicy(d: ClusterDefinition, name: string, title: string, description: string, rules: Record<string, unknown>[]): K8sObject {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name,
      labels: { ...MANAGED_BY },
      annotations: { 'policies.kyverno.io/title': title, 'policies.kyverno.io/category': 'keelson guardrails', 'policies.kyverno.io/description': description },
    },
    spec: { background: true, rules: rules.map((r) => ({ match: podMatch, exclude: systemExclude, ...r })) },
  };
}

function validate(d: ClusterDefinition, message: string, pattern: Record<string, unknown>): Record<string, unknown> {
  return { failureAction: d.kyverno.validationFailureAction, message, pattern };
}

/** The guide's four guardrails, enforced (not merely installed), plus optional signature verification. */
export function guardrailPolicies(d: ClusterDefinition): K8sObject[] {
  const registries = [`${ecrRegistry(d)}/*`, ...d.kyverno.allowedRegistries];
  const policies = [
    clusterPolicy(d, 'restrict-image-registries', 'Images only from the account\'s ECR', 'Rejects images from registries other than the account\'s ECR and the allow list: a supply-chain guardrail.', [
      { name: 'ecr-only', validate: validate(d, `Images must come from ${registries.join(' or ')}.`, allContainers({ image: registries.join(' | ') })) },
    ]),
    clusterPolicy(d, 'disallow-latest-tag', 'No latest or untagged images', 'Immutable tags or digests only: a rollback must mean the same bytes.', [
      { name: 'require-image-tag', validate: validate(d, 'An image tag or digest is required.', allContainers({ image: '*:*' })) },
      { name: 'validate-image-tag', validate: validate(d, 'The :latest tag is not allowed; use an immutable tag or a digest.', allContainers({ image: '!*:latest' })) },
    ]),
    clusterPolicy(d, 'require-requests-limits', 'CPU and memory requests, memory limits', 'Prevents OOM-killer incidents and noisy-neighbour starvation.', [
      {
        name: 'validate-resources',
        validate: validate(d, 'CPU and memory requests and a memory limit are required.', {
          spec: { containers: [{ resources: { requests: { memory: '?*', cpu: '?*' }, limits: { memory: '?*' } } }] },
        }),
      },
    ]),
    clusterPolicy(d, 'require-labels', 'app, team and environment labels', 'Cost attribution and incident routing need to know whose workload this is.', [
      { name: 'check-labels', validate: validate(d, 'The labels app, team and environment are required.', { metadata: { labels: { app: '?*', team: '?*', environment: '?*' } } }) },
    ]),
  ];
  const iv = d.kyverno.imageVerification;
  if (iv) {
    const attestor = iv.type === 'cosign' ? { keys: { publicKeys: iv.publicKey } } : { certificates: { cert: iv.certificates } };
    policies.push(
      clusterPolicy(d, 'verify-image-signatures', 'Signed images only', `Verifies ${iv.type === 'cosign' ? 'Cosign' : 'AWS Signer (Notation)'} signatures at admission.`, [
        {
          name: 'verify-signature',
          verifyImages: [
            {
              type: iv.type === 'cosign' ? 'Cosign' : 'Notary',
              imageReferences: iv.imageReferences,
              failureAction: d.kyverno.validationFailureAction,
              attestors: [{ entries: [attestor] }],
            },
          ],
        },
      ]),
    );
  }
  return policies;
}

export function kyvernoComponent(d: ClusterDefinition): Component {
  const critical = { tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] };
  return {
    name: 'kyverno',
    description: 'Kyverno (3 admission replicas with a PDB) and the guardrail ClusterPolicies',
    helm: {
      name: 'kyverno',
      chart: 'kyverno',
      repo: 'https://kyverno.github.io/kyverno/',
      version: d.kyverno.chartVersion,
      namespace: 'kyverno',
      values: {
        admissionController: { replicas: 3, podDisruptionBudget: { enabled: true, minAvailable: 1 }, ...critical },
        backgroundController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, ...critical },
        cleanupController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, ...critical },
        reportsController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, ...critical },
      },
    },
    objects: guardrailPolicies(d),
  };
}
