/**
 * The in-cluster part of the definition: Karpenter, namespaces and teams, network isolation and guardrails.
 * Defaults are the guide's (sections 4-10).
 */
import { z } from 'zod';
import { SYSTEM_NAMESPACES } from './constants.js';

export { SYSTEM_NAMESPACES };

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters');

/** A pinned AL2023 release (awslabs/amazon-eks-ami); Karpenter recommends pinning over @latest in production. */
export const DEFAULT_AMI_ALIAS = 'al2023@v20260903';
export const KARPENTER_CHART_VERSION = '1.14.1';
export const KYVERNO_CHART_VERSION = '3.9.0';

const durationRe = /^(\d+(\.\d+)?(s|m|h))+$|^Never$/;

export const nodePoolSchema = z
  .strictObject({
    name: dnsLabel.describe('NodePool name.'),
    capacityTypes: z
      .array(z.enum(['spot', 'on-demand', 'reserved']))
      .min(1)
      .default(['spot', 'on-demand'])
      .describe('karpenter.sh/capacity-type values. @default [spot, on-demand] — Karpenter prefers Spot and falls back to On-Demand'),
    architectures: z.array(z.enum(['arm64', 'amd64'])).min(1).default(['arm64']).describe('kubernetes.io/arch values. @default [arm64] — Graviton, 20–40% better price/performance'),
    categories: z.array(z.string().regex(/^[a-z]+$/)).min(1).default(['c', 'm', 'r']).describe('karpenter.k8s.aws/instance-category values. @default [c, m, r]'),
    minGeneration: z.number().int().min(1).default(7).describe('Lowest instance generation allowed (the requirement is Gt minGeneration-1). @default 7 — "7th gen+ only"'),
    excludedSizes: z.array(z.string()).default(['nano', 'micro', 'small']).describe('karpenter.k8s.aws/instance-size values excluded. @default [nano, micro, small] — "minimum medium"'),
    instanceFamilies: z.array(z.string()).optional().describe('karpenter.k8s.aws/instance-family values, when a pool needs specific families (e.g. GPU). @default any family of the categories'),
    expireAfter: z.string().regex(durationRe, 'a Go duration like 720h, or Never').default('720h').describe('Node lifetime before replacement. @default 720h — "force node recycling every 30d"'),
    limits: z
      .strictObject({
        cpu: z.string().default('1000').describe('CPU limit of the pool. @default 1000'),
        memory: z.string().default('4000Gi').describe('Memory limit of the pool. @default 4000Gi'),
      })
      .prefault({})
      .describe('Resource limits of the pool: a runaway deployment cannot scale the bill without bound.'),
    consolidationPolicy: z.enum(['WhenEmptyOrUnderutilized', 'WhenEmpty']).default('WhenEmptyOrUnderutilized').describe('When Karpenter consolidates. @default WhenEmptyOrUnderutilized — "maximum cost savings"'),
    consolidateAfter: z.string().regex(durationRe, 'a Go duration like 5m').default('5m').describe('How long a node must be consolidatable before it is. @default 5m — "don\'t consolidate immediately to avoid oscillation"'),
    disruptionBudgetNodes: z.string().regex(/^(\d+%?)$/, 'a count or a percentage like 10%').default('10%').describe('Nodes disrupted at once. @default 10%'),
    weight: z.number().int().min(1).max(100).optional().describe('Priority among pools (higher first). @default none'),
    labels: z.record(z.string(), z.string()).default({ 'workload-type': 'application' }).describe('Labels on the nodes. @default workload-type=application'),
    taints: z
      .array(
        z.strictObject({
          key: z.string().describe('Taint key.'),
          value: z.string().optional().describe('Taint value. @default none'),
          effect: z.enum(['NoSchedule', 'NoExecute', 'PreferNoSchedule']).describe('Taint effect.'),
        }),
      )
      .default([])
      .describe('Taints on the nodes, e.g. nvidia.com/gpu for a GPU pool. @default none'),
  })
  .describe('A Karpenter NodePool.');

export const karpenterSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Karpenter for application capacity. @default true — the guide\'s preferred autoscaler'),
    chartVersion: z.string().default(KARPENTER_CHART_VERSION).describe(`Pinned Karpenter Helm chart. @default ${KARPENTER_CHART_VERSION}`),
    amiAlias: z
      .string()
      .regex(/^(al2023|bottlerocket)@(latest|v?[0-9.]+)$/, 'an alias like al2023@v20260903 or al2023@latest')
      .default(DEFAULT_AMI_ALIAS)
      .describe(
        `AMI alias of the EC2NodeClass. @default ${DEFAULT_AMI_ALIAS} — pinned: new AMIs roll out when you change this (Karpenter drift replaces the nodes), never by surprise. al2023@latest picks up every release automatically, as the guide's example does, at the risk of a faulty AMI reaching production unreviewed`,
      ),
    rootVolumeGiB: z.number().int().min(20).default(50).describe('Encrypted gp3 root volume (3000 IOPS, 125 MiB/s). @default 50'),
    nodePools: z
      .array(nodePoolSchema)
      .min(1)
      .prefault([{ name: 'general-purpose' }])
      .describe('NodePools. @default the guide\'s general-purpose pool exactly'),
  })
  .prefault({})
  .describe('Karpenter: controller, interruption handling, NodePools and the EC2NodeClass.');

const quotaSchema = z
  .strictObject({
    cpu: z.string().default('20').describe('requests.cpu quota. @default 20'),
    memory: z.string().default('64Gi').describe('requests.memory quota. @default 64Gi'),
    limitsMemory: z.string().default('128Gi').describe('limits.memory quota. @default 128Gi'),
    pods: z.number().int().min(1).default(200).describe('Pod count quota. @default 200'),
  })
  .prefault({})
  .describe('ResourceQuota of the namespace.');

const allowRuleSchema = z.strictObject({
  name: dnsLabel.describe('Name of the NetworkPolicy.'),
  direction: z.enum(['ingress', 'egress']).describe('Traffic direction the rule allows.'),
  podSelector: z.record(z.string(), z.string()).default({}).describe('Pods in this namespace the rule applies to (matchLabels). @default all pods'),
  peerNamespace: dnsLabel.optional().describe('Namespace of the peer. @default this namespace'),
  peerPodSelector: z.record(z.string(), z.string()).optional().describe('Peer pods (matchLabels). @default all pods of the peer namespace'),
  peerCidr: z.string().optional().describe('Peer IP block instead of pods, e.g. an RDS subnet. @default none'),
  ports: z
    .array(
      z.strictObject({
        port: z.number().int().min(1).max(65535).describe('Port number.'),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP').describe('Protocol. @default TCP'),
      }),
    )
    .default([])
    .describe('Ports allowed. @default all ports'),
});

export const namespaceSchema = z.strictObject({
  name: dnsLabel.describe('Namespace name.'),
  networkIsolation: z.boolean().default(true).describe('Default-deny ingress and egress plus DNS. @default true — checklist item 11'),
  quota: quotaSchema,
  allow: z.array(allowRuleSchema).default([]).describe('Explicit allow rules on top of default-deny. @default none'),
});

export const teamSchema = z.strictObject({
  name: dnsLabel.describe('Team name; becomes the team label.'),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')
    .optional()
    .describe('IAM role of the team: edit access scoped to its namespaces through an access entry. @default none'),
  allowExecAndPortForward: z.boolean().default(false).describe('Lets the team exec and port-forward in its namespaces. @default false — common lateral-movement vectors'),
  namespaces: z.array(namespaceSchema).min(1).describe('The team\'s application namespaces.'),
});

export const kyvernoSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Kyverno and the guide\'s four guardrails. @default true — checklist item 9'),
    chartVersion: z.string().default(KYVERNO_CHART_VERSION).describe(`Pinned Kyverno Helm chart. @default ${KYVERNO_CHART_VERSION}`),
    validationFailureAction: z.enum(['Enforce', 'Audit']).default('Enforce').describe('What the guardrails do on a violation. @default Enforce — violations are rejected; Audit only reports them'),
    allowedRegistries: z
      .array(z.string().min(1))
      .default([])
      .describe('Registries allowed besides the account\'s own ECR, e.g. public.ecr.aws/aws-observability/*. @default none'),
    imageVerification: z
      .strictObject({
        type: z.enum(['cosign', 'notary']).describe('cosign (a public key) or notary (AWS Signer certificates).'),
        publicKey: z.string().min(1).optional().describe('Cosign public key (PEM). Required for cosign.'),
        certificates: z.string().min(1).optional().describe('AWS Signer root certificate (PEM). Required for notary.'),
        imageReferences: z.array(z.string()).min(1).describe('Images whose signatures are verified, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/*.'),
      })
      .optional()
      .describe('Image-signature verification policy (Cosign or AWS Signer). @default off'),
  })
  .prefault({})
  .describe('Policy as code: Kyverno with ECR-only images, no latest tag, requests/limits and required labels.');


export const dnsSchema = z
  .strictObject({
    nodeLocal: z
      .strictObject({
        enabled: z.boolean().default(false).describe('NodeLocal DNSCache DaemonSet. @default false — the guide recommends it for large clusters (40–70% less CoreDNS load)'),
        localIp: z.string().default('169.254.20.10').describe('Link-local address the cache listens on. @default 169.254.20.10'),
        image: z.string().default('registry.k8s.io/dns/k8s-dns-node-cache:1.26.4').describe('node-cache image. @default registry.k8s.io/dns/k8s-dns-node-cache:1.26.4'),
      })
      .prefault({})
      .describe('NodeLocal DNSCache, wired to the cluster DNS IP.'),
  })
  .prefault({})
  .describe('Cluster DNS beyond the CoreDNS add-on.');

export const observabilitySchema = z
  .strictObject({
    logs: z
      .strictObject({
        agent: z
          .enum(['fluent-bit', 'cloudwatch-addon', 'none'])
          .default('fluent-bit')
          .describe('Ships container stdout/stderr as structured JSON. @default fluent-bit — a DaemonSet to CloudWatch Logs (checklist item 14)'),
        retentionDays: z.number().int().positive().default(30).describe('CloudWatch log group retention. @default 30 — "30 days hot"'),
      })
      .prefault({})
      .describe('Container logs.'),
    tracing: z
      .strictObject({
        enabled: z.boolean().default(true).describe('ADOT collector exporting traces to X-Ray. @default true — checklist item 16'),
        samplingPercent: z.number().min(0).max(100).default(5).describe('Head-based sampling in production. @default 5 — the guide: 1–5%'),
      })
      .prefault({})
      .describe('Distributed tracing with OpenTelemetry and X-Ray.'),
    metrics: z
      .strictObject({
        backend: z
          .enum(['amp', 'kube-prometheus-stack', 'none'])
          .default('amp')
          .describe('amp: an Amazon Managed Prometheus workspace with a managed scraper; kube-prometheus-stack: Prometheus, Grafana and Alertmanager in the cluster. @default amp — no Prometheus storage to run (checklist item 15)'),
        alertRules: z.boolean().default(true).describe('Alert rules for RED signals, pending pods, Karpenter and CoreDNS. @default true'),
      })
      .prefault({})
      .describe('Metrics.'),
  })
  .prefault({})
  .describe('Observability: logs, traces and metrics (guide section 9).');

export const loadBalancerControllerSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('AWS Load Balancer Controller (Helm) with its own role. @default true'),
    chartVersion: z.string().default('1.14.0').describe('Pinned aws-load-balancer-controller chart. @default 1.14.0'),
  })
  .prefault({})
  .describe('AWS Load Balancer Controller for ALB/NLB.');

export const externalSecretsSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('External Secrets Operator. @default false'),
    chartVersion: z.string().default('0.19.2').describe('Pinned external-secrets chart. @default 0.19.2'),
    secretsPathPrefix: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]+$/, 'a Secrets Manager name prefix like prod/payments/')
      .optional()
      .describe('Secrets Manager name prefix the operator may read; its role can read nothing else. Required when enabled.'),
  })
  .prefault({})
  .describe('External Secrets Operator syncing Secrets Manager values.');
