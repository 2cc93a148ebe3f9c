import type { ClusterDefinition } from '../../model/schema.js';
import { MONITORING_NAMESPACE } from './metrics.js';
import { applicationNamespaces } from './namespaces.js';
import { clusterDnsIp } from './node-local-dns.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

type AllowRule = ClusterDefinition['teams'][number]['namespaces'][number]['allow'][number];

const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

function policy(namespace: string, name: string, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, labels: { ...MANAGED_BY } }, spec };
}

function allowRule(namespace: string, r: AllowRule): K8sObject {
  const peer: Record<string, unknown> = {};
  if (r.peerCidr) peer.ipBlock = { cidr: r.peerCidr };
  else {
    peer.namespaceSelector = { matchLabels: { [NS_NAME_LABEL]: r.peerNamespace ?? namespace } };
    if (r.peerPodSelector) peer.podSelector = { matchLabels: r.peerPodSelector };
  }
  const ports = r.ports.length > 0 ? { ports: r.ports.map((p) => ({ port: p.port, protocol: p.protocol })) } : {};
  const direction = r.direction === 'ingress' ? { ingress: [{ from: [peer], ...ports }] } : { egress: [{ to: [peer], ...ports }] };
  return policy(namespace, r.name, { podSelector: { matchLabels: r.podSelector }, policyTypes: [r.direction === 'ingress' ? 'Ingress' : 'Egress'], ...direction });
}

/** Default-deny in both directions, DNS for every pod, then only the traffic the definition declares. */
export function networkPoliciesComponent(d: ClusterDefinition): Component {
  const objects: K8sObject[] = [];
  for (const { ns } of applicationNamespaces(d)) {
    if (!ns.networkIsolation) continue;
    objects.push(policy(ns.name, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    objects.push(
      policy(ns.name, 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { [NS_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
          // NodeLocal DNSCache answers on the host network, at its link-local IP and at the cluster DNS IP.
          ...(d.dns.nodeLocal.enabled
            ? [
                {
                  to: [{ ipBlock: { cidr: `${d.dns.nodeLocal.localIp}/32` } }, { ipBlock: { cidr: `${clusterDnsIp(d)}/32` } }],
                  ports: [
                    { port: 53, protocol: 'UDP' },
                    { port: 53, protocol: 'TCP' },
                  ],
                },
              ]
            : []),
        ],
      }),
    );
    // Default-deny ingress would hide every workload's metrics from the in-cluster Prometheus.
    if (d.observability.metrics.backend === 'kube-prometheus-stack') {
      objects.push(
        policy(ns.name, 'allow-prometheus-scrape', {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { [NS_NAME_LABEL]: MONITORING_NAMESPACE } },
                  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
                },
              ],
            },
          ],
        }),
      );
    }
    for (const r of ns.allow) objects.push(allowRule(ns.name, r));
  }
  return { name: 'network-policies', description: 'Default-deny NetworkPolicies, DNS egress and the declared allow rules', objects };
}
