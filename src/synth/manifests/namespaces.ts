import { SYSTEM_NAMESPACES } from '../../model/platform-schema.js';
import type { ClusterDefinition } from '../../model/schema.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

/** Pod Security labels, restricted in all three modes, pinned to the cluster's version so upgrades never loosen them. */
export function podSecurityLabels(level: 'restricted' | 'baseline' | 'privileged', version: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = `v${version}`;
  }
  return labels;
}

/** System namespaces run node agents and controllers that need more than restricted; each exception says why. */
export const SYSTEM_NAMESPACE_EXCEPTIONS: Record<string, { level: 'privileged' | 'baseline'; reason: string }> = {
  'kube-system': { level: 'privileged', reason: 'VPC CNI, kube-proxy, EBS CSI and other node agents need host access' },
  kyverno: { level: 'baseline', reason: 'the policy engine must not be blocked by the policies it enforces' },
  'amazon-cloudwatch': { level: 'privileged', reason: 'Fluent Bit reads every container\'s logs from the node (hostPath /var/log) as root' },
};

export function applicationNamespaces(d: ClusterDefinition): { team: string; ns: ClusterDefinition['teams'][number]['namespaces'][number] }[] {
  return d.teams.flatMap((t) => t.namespaces.map((ns) => ({ team: t.name, ns })));
}

export function namespacesComponent(d: ClusterDefinition): Component {
  const objects: K8sObject[] = [];
  for (const [name, ex] of Object.entries(SYSTEM_NAMESPACE_EXCEPTIONS)) {
    if (name === 'kyverno' && !d.kyverno.enabled) continue;
    if (name === 'amazon-cloudwatch' && d.observability.logs.agent !== 'fluent-bit') continue;
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { ...MANAGED_BY, ...podSecurityLabels(ex.level, d.kubernetesVersion) },
        annotations: { 'keelson.io/pod-security-exception': ex.reason },
      },
    });
  }
  for (const { team, ns } of applicationNamespaces(d)) {
    const labels = { ...MANAGED_BY, team, 'keelson.io/team': team, ...podSecurityLabels('restricted', d.kubernetesVersion) };
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels } });
    objects.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'default-limits', namespace: ns.name, labels: { ...MANAGED_BY } },
      spec: {
        limits: [
          {
            type: 'Container',
            // Defaults for containers that set nothing, so a missing request never means "unbounded".
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { memory: '512Mi' },
            max: { memory: '16Gi' },
          },
        ],
      },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: ns.name, labels: { ...MANAGED_BY } },
      spec: { hard: { 'requests.cpu': ns.quota.cpu, 'requests.memory': ns.quota.memory, 'limits.memory': ns.quota.limitsMemory, pods: String(ns.quota.pods) } },
    });
  }
  return { name: 'namespaces', description: `Application namespaces (restricted Pod Security, LimitRange, ResourceQuota); exceptions: ${SYSTEM_NAMESPACES.join(', ')} are system namespaces`, objects };
}
