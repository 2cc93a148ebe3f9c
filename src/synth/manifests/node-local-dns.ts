import { parseCidr, formatAddress } from '../../model/internal/cidr.js';
import type { ClusterDefinition } from '../../model/schema.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

/** kube-dns is always the tenth address of the service CIDR on EKS. */
export function clusterDnsIp(d: ClusterDefinition): string {
  return formatAddress(parseCidr(d.network.serviceCidr)!.network + 10);
}

function corefile(d: ClusterDefinition): string {
  const local = d.dns.nodeLocal.localIp;
  const bind = `bind ${local} ${clusterDnsIp(d)}`;
  // __PILLAR__CLUSTER__DNS__ and __PILLAR__UPSTREAM__SERVERS__ are filled in by node-cache itself at start-up.
  const toCluster = 'forward . __PILLAR__CLUSTER__DNS__ {\n        force_tcp\n    }';
  const zone = (name: string, cache: string, forward: string, extra = ''): string =>
    `${name}:53 {\n    errors\n    ${cache}\n    reload\n    loop\n    ${bind}\n    ${forward}\n    prometheus :9253\n${extra}}\n`;
  return [
    zone('cluster.local', 'cache {\n        success 9984 30\n        denial 9984 5\n    }', toCluster, `    health ${local}:8080\n`),
    zone('in-addr.arpa', 'cache 30', toCluster),
    zone('ip6.arpa', 'cache 30', toCluster),
    zone('.', 'cache 30', 'forward . __PILLAR__UPSTREAM__SERVERS__'),
  ].join('');
}

/** NodeLocal DNSCache (kubernetes/dns nodelocaldns.yaml, iptables mode), wired to the cluster DNS IP. */
export function nodeLocalDnsComponent(d: ClusterDefinition): Component {
  const labels = { ...MANAGED_BY, 'k8s-app': 'node-local-dns' };
  const ns = 'kube-system';
  const objects: K8sObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'node-local-dns', namespace: ns, labels } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns-upstream', namespace: ns, labels: { ...MANAGED_BY, 'k8s-app': 'kube-dns' } },
      spec: {
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'node-local-dns', namespace: ns, labels }, data: { Corefile: corefile(d) } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-local-dns', namespace: ns, labels },
      spec: {
        updateStrategy: { rollingUpdate: { maxUnavailable: '10%' } },
        selector: { matchLabels: { 'k8s-app': 'node-local-dns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'node-local-dns' }, annotations: { 'prometheus.io/port': '9253', 'prometheus.io/scrape': 'true' } },
          spec: {
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'node-local-dns',
            hostNetwork: true,
            dnsPolicy: 'Default',
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'node-cache',
                image: d.dns.nodeLocal.image,
                resources: { requests: { cpu: '25m', memory: '5Mi' }, limits: { memory: '128Mi' } },
                args: ['-localip', `${d.dns.nodeLocal.localIp},${clusterDnsIp(d)}`, '-conf', '/etc/Corefile', '-upstreamsvc', 'kube-dns-upstream'],
                // It programs iptables NOTRACK rules for its addresses on the host.
                securityContext: { capabilities: { add: ['NET_ADMIN'] } },
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9253, name: 'metrics', protocol: 'TCP' },
                ],
                livenessProbe: { httpGet: { host: d.dns.nodeLocal.localIp, path: '/health', port: 8080 }, initialDelaySeconds: 60, timeoutSeconds: 5 },
                volumeMounts: [
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { name: 'config-volume', mountPath: '/etc/coredns' },
                  { name: 'kube-dns-config', mountPath: '/etc/kube-dns' },
                ],
              },
            ],
            volumes: [
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'kube-dns-config', configMap: { name: 'kube-dns', optional: true } },
              { name: 'config-volume', configMap: { name: 'node-local-dns', items: [{ key: 'Corefile', path: 'Corefile.base' }] } },
            ],
          },
        },
      },
    },
  ];
  return { name: 'node-local-dns', description: `NodeLocal DNSCache on ${d.dns.nodeLocal.localIp} and the cluster DNS IP ${clusterDnsIp(d)}`, objects };
}
