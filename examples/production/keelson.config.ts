import { defineCluster } from 'keelson';

// A production EKS cluster following "AWS EKS Production Best Practices".
// Every value below is keelson's default: delete a line to keep the default, change it to override.
export default defineCluster({
  name: 'prod-cluster',
  account: '123456789012', // your AWS account ID
  region: 'us-east-1',
  kubernetesVersion: '1.36', // newest aws-eks-v2 supports; upgrade one minor at a time, quarterly
  tags: { Environment: 'production', Team: 'platform' }, // required: cost attribution and incident routing

  network: {
    cidr: '10.0.0.0/16',
    // availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], // default: the region's a, b, c
    privateSubnetPrefix: 20, // node subnets; never smaller than /22 (pods take VPC IPs)
    publicSubnetPrefix: 24, // load balancers and NAT only; nodes never run here
    natGateways: 'one-per-az', // an AZ outage does not cut the other zones' egress
    serviceCidr: '172.20.0.0/16', // Kubernetes services; the cluster DNS IP is its .10
    flowLogs: { enabled: true, retentionDays: 90, trafficType: 'ALL' },
    // podSubnets: { cidr: '100.64.0.0/16', subnetPrefix: 18 }, // secondary pod CIDR with custom networking
    // existing: { vpcId: 'vpc-…', privateSubnetIds: ['subnet-…', 'subnet-…', 'subnet-…'], publicSubnetIds: [] },
  },

  endpoint: {
    privateAccess: true,
    publicAccess: false, // route kubectl through a VPN or bastion
    publicAccessCidrs: [], // when publicAccess is true: your VPN's public egress CIDRs (never private ranges)
  },

  encryption: {
    // kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/…', // default: a new key, rotation on, 30-day window
  },

  logging: { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] },

  access: {
    authenticationMode: 'API', // access entries, not the aws-auth ConfigMap
    adminPrincipalArns: ['arn:aws:iam::123456789012:role/BreakGlassAdmin'], // the only cluster admins
    readOnlyPrincipalArns: [
      // 'arn:aws:iam::123456789012:role/Auditors', // view access, no Secrets
    ],
  },

  systemNodeGroup: {
    instanceTypes: ['m7g.large'], // Graviton3
    amiType: 'AL2023_ARM_64_STANDARD',
    minSize: 2,
    maxSize: 4,
    desiredSize: 2,
    diskSizeGiB: 50, // encrypted gp3; the launch template also requires IMDSv2 with hop limit 1
    labels: { role: 'system', 'workload-type': 'system' },
    taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
  },

  addonIdentityMode: 'podIdentity', // VPC CNI and CSI drivers get their own roles, never the node role
  addons: {
    vpcCni: { prefixDelegation: true, networkPolicy: true, warmPrefixTarget: 1 },
    coreDns: { expectedNodes: 10 }, // replicas = max(2, ceil(expectedNodes / 50)), spread across zones
    kubeProxy: { enabled: true },
    podIdentityAgent: { enabled: true },
    ebsCsi: { enabled: true },
    efsCsi: { enabled: false },
    metricsServer: { enabled: true },
    guardDuty: { enabled: true }, // plus a detector with EKS runtime monitoring
    cloudWatchObservability: { enabled: false },
  },

  ecr: { scanType: 'ENHANCED', continuous: true },

  delivery: 'gitops', // keelson synth writes a kustomize tree for Argo CD / Flux; 'cdk' applies it from the CDK app

  karpenter: {
    enabled: true,
    // Pinned AMI: new AMIs reach nodes when you change this (Karpenter drift replaces them), never by surprise.
    // 'al2023@latest' follows every release automatically, at the risk of an unreviewed AMI in production.
    amiAlias: 'al2023@v20260903',
    rootVolumeGiB: 50, // encrypted gp3, 3000 IOPS, 125 MiB/s; IMDSv2 required, hop limit 1
    nodePools: [
      // The guide's pool: spot + on-demand, arm64, c/m/r, generation > 6, no nano/micro/small, expireAfter 720h,
      // limits cpu 1000 / memory 4000Gi, WhenEmptyOrUnderutilized after 5m, at most 10% of nodes disrupted at once.
      { name: 'general-purpose' },
    ],
  },

  teams: [
    {
      name: 'payments',
      roleArn: 'arn:aws:iam::123456789012:role/payments-developers',
      namespaces: [
        {
          name: 'payments',
          allow: [
            { name: 'allow-ingress-from-alb', direction: 'ingress', podSelector: { app: 'api' }, peerCidr: '10.0.0.0/16', ports: [{ port: 8080 }] },
            { name: 'allow-egress-to-ledger', direction: 'egress', peerNamespace: 'ledger', peerPodSelector: { app: 'ledger' }, ports: [{ port: 9090 }] },
          ],
        },
      ],
    },
    { name: 'ledger', namespaces: [{ name: 'ledger' }, { name: 'production' }] },
  ],

  kyverno: {
    enabled: true,
    validationFailureAction: 'Enforce', // ECR-only images, no :latest, requests/limits, app/team/environment labels
    allowedRegistries: [], // registries allowed besides this account's ECR
  },

  dns: { nodeLocal: { enabled: false } }, // NodeLocal DNSCache for large clusters

  observability: {
    logs: { agent: 'fluent-bit', retentionDays: 30 }, // structured JSON logs to CloudWatch Logs
    tracing: { enabled: true, samplingPercent: 5 }, // ADOT collector to X-Ray, 5% head sampling
    metrics: { backend: 'amp', alertRules: true }, // Amazon Managed Prometheus + managed scraper
  },

  loadBalancerController: { enabled: true }, // its own role with the controller's documented policy
  externalSecrets: { enabled: false }, // with secretsPathPrefix: 'prod/' its role reads only that prefix

  workloadIdentities: [
    {
      namespace: 'payments',
      serviceAccount: 'api',
      mode: 'podIdentity',
      policyStatements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::payments-data/*'] }],
    },
    {
      // The guide's IRSA example: trust pinned to system:serviceaccount:production:s3-reader-sa.
      namespace: 'production',
      serviceAccount: 's3-reader-sa',
      mode: 'irsa',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    },
  ],
});
