import type { ClusterDefinition } from '../../model/schema.js';
import { platformWorkloadLabels } from './platform-labels.js';
import { MANAGED_BY } from './types.js';
import type { Component, K8sObject } from './types.js';

export const FLUENT_BIT_NAMESPACE = 'amazon-cloudwatch';
export const FLUENT_BIT_SERVICE_ACCOUNT = 'fluent-bit';
/** aws-for-fluent-bit bundles the cloudwatch_logs output; pinned so a new image is a reviewed change. */
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4';

/** The Container Insights name, so the CloudWatch console and the observability add-on find the same group. */
export function applicationLogGroupName(d: ClusterDefinition): string {
  return `/aws/containerinsights/${d.name}/application`;
}

const labels = { ...MANAGED_BY, 'app.kubernetes.io/name': 'fluent-bit' };

/**
 * Fluent Bit's classic configuration. The kubernetes filter's Merge_Log parses each log line as JSON into fields,
 * which is what makes structured application logs queryable in CloudWatch Logs Insights.
 */
export function fluentBitConfig(d: ClusterDefinition): Record<string, string> {
  const service = [
    '[SERVICE]',
    '    Flush                     5',
    '    Grace                     30',
    '    Log_Level                 info',
    '    Daemon                    off',
    '    Parsers_File              parsers.conf',
    '    HTTP_Server               On',
    '    HTTP_Listen               0.0.0.0',
    '    HTTP_Port                 2020',
    '    storage.path              /var/fluent-bit/state/flb-storage/',
    '    storage.sync              normal',
    '    storage.backlog.mem_limit 5M',
  ];
  const input = [
    '[INPUT]',
    '    Name                tail',
    '    Tag                 application.*',
    '    Path                /var/log/containers/*.log',
    // Its own output would otherwise loop back into the input.
    '    Exclude_Path        /var/log/containers/fluent-bit-*',
    '    multiline.parser    docker, cri',
    '    DB                  /var/fluent-bit/state/flb_container.db',
    '    Mem_Buf_Limit       50MB',
    '    Skip_Long_Lines     On',
    '    Refresh_Interval    10',
    '    storage.type        filesystem',
  ];
  const filter = [
    '[FILTER]',
    '    Name                kubernetes',
    '    Match               application.*',
    '    Kube_URL            https://kubernetes.default.svc:443',
    '    Kube_Tag_Prefix     application.var.log.containers.',
    '    Merge_Log           On',
    '    Merge_Log_Key       log_processed',
    '    Merge_Parser        json',
    '    K8S-Logging.Parser  On',
    '    K8S-Logging.Exclude Off',
    '    Labels              Off',
    '    Annotations         Off',
    '    Buffer_Size         0',
  ];
  const output = [
    '[OUTPUT]',
    '    Name                cloudwatch_logs',
    '    Match               application.*',
    `    region              ${d.region}`,
    `    log_group_name      ${applicationLogGroupName(d)}`,
    '    log_stream_prefix   ${HOST_NAME}-',
    // The CDK app owns the group and its retention; the role is not allowed to create groups.
    '    auto_create_group   false',
    '    extra_user_agent    container-insights',
  ];
  const parsers = ['[PARSER]', '    Name        json', '    Format      json', '    Time_Key    time', '    Time_Format %Y-%m-%dT%H:%M:%S.%LZ'];
  return {
    'fluent-bit.conf': [service, input, filter, output].map((s) => s.join('\n')).join('\n\n') + '\n',
    'parsers.conf': parsers.join('\n') + '\n',
  };
}

function daemonSet(d: ClusterDefinition): K8sObject {
  const hostPath = (name: string, p: string): Record<string, unknown> => ({ name, hostPath: { path: p } });
  const workloadLabels = { ...labels, ...platformWorkloadLabels(d) };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluent-bit', namespace: FLUENT_BIT_NAMESPACE, labels: workloadLabels },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'fluent-bit' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: workloadLabels },
        spec: {
          serviceAccountName: FLUENT_BIT_SERVICE_ACCOUNT,
          priorityClassName: 'system-node-critical',
          // Every node, whatever its taints (system nodes, GPU pools): a node without the agent loses its logs.
          tolerations: [{ operator: 'Exists' }],
          terminationGracePeriodSeconds: 30,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'fluent-bit',
              image: FLUENT_BIT_IMAGE,
              env: [
                { name: 'HOST_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'AWS_REGION', value: d.region },
              ],
              ports: [{ name: 'metrics', containerPort: 2020, protocol: 'TCP' }],
              resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { memory: '250Mi' } },
              // The log files are owned by root on the host: the one restricted-profile rule it cannot meet is
              // runAsNonRoot. It keeps no capabilities and cannot escalate.
              securityContext: {
                runAsUser: 0,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              livenessProbe: { httpGet: { path: '/', port: 2020 }, initialDelaySeconds: 10, periodSeconds: 30 },
              volumeMounts: [
                { name: 'config', mountPath: '/fluent-bit/etc/', readOnly: true },
                { name: 'varlog', mountPath: '/var/log', readOnly: true },
                { name: 'state', mountPath: '/var/fluent-bit/state' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'fluent-bit-config' } },
            hostPath('varlog', '/var/log'),
            // Read positions survive restarts, so a restart neither loses nor duplicates lines.
            { name: 'state', hostPath: { path: '/var/fluent-bit/state', type: 'DirectoryOrCreate' } },
          ],
        },
      },
    },
  };
}

/** Fluent Bit as a DaemonSet shipping container logs, parsed as JSON, to CloudWatch Logs. */
export function fluentBitComponent(d: ClusterDefinition): Component {
  const objects: K8sObject[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: FLUENT_BIT_SERVICE_ACCOUNT, namespace: FLUENT_BIT_NAMESPACE, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'fluent-bit-read', labels },
      // The kubernetes filter enriches each record with its pod and namespace; read-only.
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'fluent-bit-read', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fluent-bit-read' },
      subjects: [{ kind: 'ServiceAccount', name: FLUENT_BIT_SERVICE_ACCOUNT, namespace: FLUENT_BIT_NAMESPACE }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fluent-bit-config', namespace: FLUENT_BIT_NAMESPACE, labels }, data: fluentBitConfig(d) },
    daemonSet(d),
  ];
  return {
    name: 'fluent-bit',
    description: `Fluent Bit DaemonSet shipping container logs as JSON to CloudWatch Logs ${applicationLogGroupName(d)} (role bound by Pod Identity to ${FLUENT_BIT_NAMESPACE}/${FLUENT_BIT_SERVICE_ACCOUNT})`,
    objects,
  };
}
