/**
 * The keelson cluster definition. This zod schema is the single source of the TypeScript types, the
 * validation and the field documentation. Every default is the guide's recommendation
 * ("AWS EKS Production Best Practices"); the description of each field says why.
 */
import { z } from 'zod';
import { dnsSchema, externalSecretsSchema, karpenterSchema, kyvernoSchema, loadBalancerControllerSchema, observabilitySchema, teamSchema } from './platform-schema.js';
import { validateDefinition } from './refinements.js';
import { AMI_TYPES, DEFAULT_KUBERNETES_VERSION, LOG_TYPES, SUPPORTED_KUBERNETES_VERSIONS } from './constants.js';

export { AMI_TYPES, DEFAULT_KUBERNETES_VERSION, LOG_TYPES, SUPPORTED_KUBERNETES_VERSIONS };



const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters');

const tagsSchema = z
  .record(z.string(), z.string())
  .describe('Tags on every AWS resource. Environment and Team are required: the guide tags clusters with both for cost attribution and incident routing.')
  .default({ Environment: 'production', Team: 'platform' });

const flowLogsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('VPC Flow Logs to CloudWatch Logs. @default true — the guide: "for security auditing and network troubleshooting".'),
    retentionDays: z.number().int().positive().default(90).describe('Retention of the flow-log group in days. @default 90'),
    trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL').describe('Which traffic is logged. @default ALL'),
  })
  .prefault({});

const existingVpcSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'an ID like vpc-0123456789abcdef0').describe('ID of the existing VPC.'),
  vpcCidrBlock: z.string().describe('Primary CIDR of the existing VPC; interface endpoints admit traffic from it.'),
  privateSubnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'an ID like subnet-0123456789abcdef0'))
    .min(3)
    .describe('Private node subnets, one per zone, at least 3: nodes never run in public subnets.'),
  publicSubnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'an ID like subnet-0123456789abcdef0'))
    .default([])
    .describe('Public subnets for internet-facing load balancers. @default none'),
  privateSubnetCidrs: z
    .array(z.string())
    .optional()
    .describe('CIDRs of the private subnets, in the same order, so keelson can check they are /22 or larger. @default not checked'),
});

const podSubnetsSchema = z.strictObject({
  cidr: z.string().describe('Secondary VPC CIDR for pods, inside 100.64.0.0/10 (RFC 6598), e.g. 100.64.0.0/16.'),
  subnetPrefix: z.number().int().min(16).max(24).default(18).describe('Prefix length of each per-AZ pod subnet. @default 18'),
});

export const networkSchema = z
  .strictObject({
    cidr: z.string().default('10.0.0.0/16').describe('CIDR of the new VPC. @default 10.0.0.0/16'),
    availabilityZones: z
      .array(z.string())
      .optional()
      .describe('Availability zones, at least 3 — the guide: "Deploy nodes across at least 3 AZs". @default the region\'s a, b and c zones'),
    privateSubnetPrefix: z
      .number()
      .int()
      .default(20)
      .describe('Prefix length of the private node subnets. Never smaller than /22: each node takes many pod IPs through the VPC CNI. @default 20'),
    publicSubnetPrefix: z.number().int().min(16).max(28).default(24).describe('Prefix length of the public subnets (load balancers, NAT). @default 24'),
    natGateways: z
      .enum(['one-per-az', 'single'])
      .default('one-per-az')
      .describe('NAT gateways. @default one-per-az — the guide\'s "HighlyAvailable": an AZ outage does not cut the other zones\' egress'),
    serviceCidr: z
      .string()
      .default('172.20.0.0/16')
      .describe('Kubernetes service CIDR; fixing it makes the cluster DNS IP (.10) known to NodeLocal DNSCache at synth time. @default 172.20.0.0/16'),
    flowLogs: flowLogsSchema.describe('VPC Flow Logs, for security auditing and network troubleshooting.'),
    existing: existingVpcSchema
      .optional()
      .describe('Use an existing VPC instead of creating one. keelson cannot tag subnets it does not own: tag them yourself (kubernetes.io/role/internal-elb, kubernetes.io/role/elb, karpenter.sh/discovery). @default a new VPC'),
    podSubnets: podSubnetsSchema
      .optional()
      .describe('Secondary pod CIDR with VPC CNI custom networking, decoupling pod IPs from the node subnets. @default none (prefix delegation is on instead)'),
  })
  .describe('The VPC: new (default) or existing. The guide: 3 private node subnets, 3 public subnets, flow logs.')
  .prefault({});

export const endpointSchema = z
  .strictObject({
    privateAccess: z.boolean().default(true).describe('Private API endpoint inside the VPC. @default true — the guide: "Always enable the private API endpoint"'),
    publicAccess: z.boolean().default(false).describe('Public API endpoint. @default false — route kubectl through a VPN or bastion'),
    publicAccessCidrs: z
      .array(z.string())
      .default([])
      .describe('Public CIDRs allowed to reach the public endpoint. Required when publicAccess is true. Private ranges are rejected: a client of the public endpoint never has a private source address.'),
    acknowledgePublicAccessFromAnywhere: z
      .string()
      .min(10)
      .optional()
      .describe('A written reason that allows 0.0.0.0/0 on the public endpoint. @default not acknowledged: 0.0.0.0/0 is rejected'),
  })
  .describe('API server endpoint access (checklist item 2).')
  .prefault({});

export const encryptionSchema = z
  .strictObject({
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/…')
      .optional()
      .describe('KMS key for envelope encryption of Secrets. @default a new customer-managed key with rotation on and a 30-day deletion window'),
  })
  .describe('Envelope encryption of Secrets with KMS (checklist item 3).')
  .prefault({});

export const loggingSchema = z
  .strictObject({
    types: z
      .array(z.enum(LOG_TYPES))
      .default([...LOG_TYPES])
      .describe('Control-plane log types shipped to CloudWatch Logs. @default all five — the guide\'s checklist item 4'),
  })
  .describe('Control-plane logging to CloudWatch Logs (checklist item 4).')
  .prefault({});

export const accessSchema = z
  .strictObject({
    authenticationMode: z
      .enum(['API', 'API_AND_CONFIG_MAP'])
      .default('API')
      .describe('How IAM principals map to Kubernetes identities. @default API — access entries, which the guide prefers to the aws-auth ConfigMap for auditability'),
    adminPrincipalArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, 'an IAM role or user ARN'))
      .default([])
      .describe('IAM principals given AmazonEKSClusterAdminPolicy through access entries — the break-glass admins, the only cluster admins. @default none: the cluster creator gets no standing admin access'),
    readOnlyPrincipalArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, 'an IAM role or user ARN'))
      .default([])
      .describe('IAM principals given read-only access (AmazonEKSViewPolicy, which excludes Secrets). @default none'),
  })
  .describe('Cluster access: access entries and the break-glass admins.')
  .prefault({});

const taintSchema = z.strictObject({
  key: z.string().describe('Taint key.'),
  value: z.string().optional().describe('Taint value. @default none'),
  effect: z.enum(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']).describe('Taint effect, in the EKS API spelling.'),
});


export const systemNodeGroupSchema = z
  .strictObject({
    instanceTypes: z.array(z.string()).min(1).default(['m7g.large']).describe('Instance types of the system node group. @default [m7g.large] — Graviton3, the guide\'s choice'),
    amiType: z.enum(AMI_TYPES).default('AL2023_ARM_64_STANDARD').describe('Node AMI. @default AL2023_ARM_64_STANDARD — Amazon Linux 2023: SELinux enforcing, faster boot'),
    minSize: z.number().int().default(2).describe('Minimum nodes. @default 2 — one node failure must not stop the critical add-ons'),
    maxSize: z.number().int().default(4).describe('Maximum nodes; application capacity comes from Karpenter, not from this group. @default 4'),
    desiredSize: z.number().int().default(2).describe('Nodes at creation. @default 2'),
    diskSizeGiB: z.number().int().min(20).max(16384).default(50).describe('Encrypted gp3 root volume size. @default 50'),
    labels: z.record(z.string(), z.string()).default({ role: 'system', 'workload-type': 'system' }).describe('Node labels. @default role=system, workload-type=system'),
    taints: z
      .array(taintSchema)
      .default([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }])
      .describe('Node taints. @default CriticalAddonsOnly=true:NoSchedule — keeps application pods off the system nodes'),
  })
  .describe('The system managed node group that runs the critical add-ons.')
  .prefault({});

const addonToggle = (enabled: boolean, why: string) =>
  z
    .strictObject({
      enabled: z.boolean().default(enabled).describe(`${why} @default ${enabled}`),
      version: z.string().optional().describe('Pinned add-on version (e.g. v1.20.4-eksbuild.1). @default the version EKS installs for the cluster\'s Kubernetes version'),
    })
    .describe(why)
    .prefault({});

export const addonsSchema = z
  .strictObject({
    vpcCni: z
      .strictObject({
        version: z.string().optional().describe('Pinned vpc-cni version. @default the version EKS installs'),
        prefixDelegation: z.boolean().default(true).describe('ENABLE_PREFIX_DELEGATION: a /28 per ENI slot, 16x the pods per node. @default true'),
        networkPolicy: z.boolean().default(true).describe('The VPC CNI network policy agent (eBPF) that enforces NetworkPolicy. @default true'),
        warmPrefixTarget: z.number().int().min(0).default(1).describe('WARM_PREFIX_TARGET when prefix delegation is on. @default 1'),
      })
      .describe('Amazon VPC CNI: pod networking with its own role.')
      .prefault({}),
    coreDns: z
      .strictObject({
        version: z.string().optional().describe('Pinned coredns version. @default the version EKS installs'),
        replicas: z
          .number()
          .int()
          .optional()
          .describe('CoreDNS replicas. @default max(2, ceil(expectedNodes / 50)) — the guide\'s CoreDNS tuning'),
        expectedNodes: z.number().int().min(1).default(10).describe('Expected node count, used to size CoreDNS. @default 10'),
      })
      .describe('CoreDNS sizing and version; zone spread and the CriticalAddonsOnly toleration are always set.')
      .prefault({}),
    kubeProxy: addonToggle(true, 'kube-proxy managed add-on.'),
    podIdentityAgent: addonToggle(true, 'EKS Pod Identity agent (needed for Pod Identity associations).'),
    ebsCsi: addonToggle(true, 'EBS CSI driver with its own role.'),
    efsCsi: addonToggle(false, 'EFS CSI driver with its own role.'),
    metricsServer: addonToggle(true, 'metrics-server, needed by HPA.'),
    guardDuty: addonToggle(true, 'GuardDuty runtime agent plus a detector with EKS runtime monitoring (checklist item 20).'),
    cloudWatchObservability: addonToggle(false, 'amazon-cloudwatch-observability (Container Insights and Fluent Bit).'),
  })
  .describe('EKS managed add-ons; the guide prefers managed add-ons over Helm for core components.')
  .prefault({});

export const ecrSchema = z
  .strictObject({
    scanType: z.enum(['ENHANCED', 'BASIC']).default('ENHANCED').describe('ECR registry scanning. @default ENHANCED — Amazon Inspector, checklist item 10'),
    continuous: z.boolean().default(true).describe('Continuous rescans (enhanced) in addition to scan on push. @default true'),
  })
  .describe('ECR registry scanning (account-wide).')
  .prefault({});

const statementSchema = z.strictObject({
  effect: z.enum(['Allow', 'Deny']).default('Allow').describe('IAM statement effect. @default Allow'),
  actions: z.array(z.string()).min(1).describe('Exact IAM actions, e.g. s3:GetObject: least privilege, never "*".'),
  resources: z.array(z.string()).min(1).describe('Resource ARNs the actions apply to.'),
  conditions: z
    .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())])))
    .optional()
    .describe('IAM condition block. @default none'),
});

export const workloadIdentitySchema = z.strictObject({
  namespace: dnsLabel.describe('Namespace of the service account; the trust is pinned to it.'),
  serviceAccount: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'a DNS-1123 subdomain')
    .describe('Service account name; the trust is pinned to it (no wildcards).'),
  mode: z
    .enum(['podIdentity', 'irsa'])
    .default('podIdentity')
    .describe('podIdentity (EKS Pod Identity association) or irsa (OIDC trust). @default podIdentity — the guide recommends it on EKS 1.29+'),
  policyStatements: z.array(statementSchema).default([]).describe('Inline policy of the role. @default none'),
  managedPolicyArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, 'an IAM policy ARN'))
    .default([])
    .describe('Managed policies attached to the role. @default none'),
  acknowledgeBroadPermissions: z
    .string()
    .min(10)
    .optional()
    .describe('A written reason that allows "Action": "*" or AdministratorAccess. @default not acknowledged: such policies are rejected'),
});

export const clusterDefinitionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'a name that starts with a letter or digit and holds only letters, digits, "-" and "_" (at most 100)')
      .describe('EKS cluster name; also the karpenter.sh/discovery tag value.'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account ID').describe('AWS account ID the cluster is deployed to.'),
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region like us-east-1').describe('AWS region.'),
    kubernetesVersion: z
      .enum(SUPPORTED_KUBERNETES_VERSIONS)
      .default(DEFAULT_KUBERNETES_VERSION)
      .describe(`Kubernetes minor version. @default ${DEFAULT_KUBERNETES_VERSION} — the newest aws-eks-v2 supports with a published kubectl layer`),
    tags: tagsSchema,
    network: networkSchema,
    endpoint: endpointSchema,
    encryption: encryptionSchema,
    logging: loggingSchema,
    access: accessSchema,
    systemNodeGroup: systemNodeGroupSchema,
    addonIdentityMode: z
      .enum(['podIdentity', 'irsa'])
      .default('podIdentity')
      .describe('How add-ons (VPC CNI, EBS/EFS CSI) get their roles. @default podIdentity'),
    addons: addonsSchema,
    ecr: ecrSchema,
    workloadIdentities: z.array(workloadIdentitySchema).default([]).describe('IAM roles for pods, each trusted by exactly one namespace/service account.'),
    delivery: z
      .enum(['gitops', 'cdk'])
      .default('gitops')
      .describe(
        "How in-cluster objects are delivered: a kustomize folder for Argo CD / Flux, or applied by the CDK app itself (its kubectl provider's role then holds cluster admin, as aws-eks-v2 requires to apply CRDs and RBAC). @default gitops",
      ),
    karpenter: karpenterSchema,
    teams: z.array(teamSchema).default([]).describe('Teams and their application namespaces (restricted Pod Security, quotas, default-deny). @default none'),
    kyverno: kyvernoSchema,
    dns: dnsSchema,
    observability: observabilitySchema,
    loadBalancerController: loadBalancerControllerSchema,
    externalSecrets: externalSecretsSchema,
  })
  .superRefine(validateDefinition);

/** What a user writes: every field with a default is optional. */
export type ClusterDefinitionInput = z.input<typeof clusterDefinitionSchema>;
/** The definition with every default applied. */
export type ClusterDefinition = z.output<typeof clusterDefinitionSchema>;
export type WorkloadIdentity = z.output<typeof workloadIdentitySchema>;
