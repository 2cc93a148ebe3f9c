/**
 * A recorded-shape production account for the loopback AWS and EKS servers: cluster `prod` in us-east-1 with a
 * three-zone VPC (private /20 node subnets behind one NAT per zone, public /24s), flow logs, a hardened launch
 * template, a rotating KMS key, IRSA and node roles, ECR enhanced scanning, GuardDuty runtime monitoring and the
 * Karpenter interruption queue. Tests derive their broken variants from it.
 */
import type { FakeAwsData, XmlValue } from '../support/fake-aws-api.js';
import type { FakeEksOptions } from '../support/fake-eks-api.js';

export const ACCOUNT = '123456789012';
export const ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/** Every call an audit may send: Describe, List and Get, nothing that writes. */
export const READ_ONLY = /^(ec2:Describe|iam:(Get|List)|kms:(Describe|Get)|ecr:(Get|Describe|List)|guardduty:(Get|List)|sqs:Get)/;

const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const tagSet = (tags: Record<string, string>): XmlValue => Object.entries(tags).map(([key, value]) => ({ key, value }));

export function eksFixture(): FakeEksOptions {
  return {
    cluster: {
      name: 'prod',
      arn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`,
      version: '1.33',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-cluster`,
      createdAt: 1767225600,
      identity: { oidc: { issuer: ISSUER } },
      resourcesVpcConfig: {
        vpcId: 'vpc-0prod',
        subnetIds: ['subnet-priv-a', 'subnet-priv-b', 'subnet-priv-c'],
        securityGroupIds: ['sg-0control'],
        clusterSecurityGroupId: 'sg-0cluster',
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
      },
      encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: KEY_ARN } }],
      logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }] },
      accessConfig: { authenticationMode: 'API' },
      tags: { 'aws:cloudformation:stack-name': 'platform-prod', Environment: 'production' },
    },
    nodegroups: [
      {
        nodegroupName: 'system',
        amiType: 'AL2023_ARM_64_STANDARD',
        capacityType: 'ON_DEMAND',
        instanceTypes: ['m7g.large'],
        nodeRole: `arn:aws:iam::${ACCOUNT}:role/prod-node`,
        subnets: ['subnet-priv-a', 'subnet-priv-b', 'subnet-priv-c'],
        scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
        labels: { role: 'system' },
        taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
        launchTemplate: { id: 'lt-0system', name: 'prod-system', version: '3' },
        version: '1.33',
        releaseVersion: '1.33.0-20260903',
      },
    ],
    addons: [
      { addonName: 'vpc-cni', addonVersion: 'v1.20.1-eksbuild.3', serviceAccountRoleArn: `arn:aws:iam::${ACCOUNT}:role/prod-vpc-cni` },
      { addonName: 'coredns', addonVersion: 'v1.12.2-eksbuild.4' },
      { addonName: 'eks-pod-identity-agent', addonVersion: 'v1.3.8-eksbuild.2' },
    ],
    accessEntries: [`arn:aws:iam::${ACCOUNT}:role/prod-node`, `arn:aws:iam::${ACCOUNT}:role/platform-admin`],
    accessEntryTypes: { [`arn:aws:iam::${ACCOUNT}:role/prod-node`]: 'EC2_LINUX' },
    fargateProfiles: [{ fargateProfileName: 'batch', podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/prod-fargate`, subnets: ['subnet-priv-a', 'subnet-priv-b'], selectors: [{ namespace: 'batch', labels: { fargate: 'true' } }], status: 'ACTIVE' }],
    podIdentityAssociations: [{ associationId: 'a-0orders', associationArn: `arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/prod/a-0orders`, namespace: 'shop', serviceAccount: 'orders', roleArn: `arn:aws:iam::${ACCOUNT}:role/shop-orders` }],
    pageSize: 2,
  };
}

export function awsFixture(): FakeAwsData {
  const privateSubnets = zones.map((z, i) => ({
    subnetId: `subnet-priv-${'abc'[i]}`,
    vpcId: 'vpc-0prod',
    availabilityZone: z,
    cidrBlock: `10.0.${i * 16}.0/20`,
    availableIpAddressCount: 4000,
    mapPublicIpOnLaunch: false,
    state: 'available',
    tagSet: tagSet({ Name: `prod-private-${z}`, 'kubernetes.io/role/internal-elb': '1', 'karpenter.sh/discovery': 'prod' }),
  }));
  const publicSubnets = zones.map((z, i) => ({
    subnetId: `subnet-pub-${'abc'[i]}`,
    vpcId: 'vpc-0prod',
    availabilityZone: z,
    cidrBlock: `10.0.${48 + i}.0/24`,
    availableIpAddressCount: 250,
    mapPublicIpOnLaunch: false,
    state: 'available',
    tagSet: tagSet({ Name: `prod-public-${z}`, 'kubernetes.io/role/elb': '1' }),
  }));
  return {
    ec2: {
      subnets: [...privateSubnets, ...publicSubnets],
      routeTables: [
        {
          routeTableId: 'rtb-public',
          vpcId: 'vpc-0prod',
          routeSet: [
            { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
            { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0prod', state: 'active' },
          ],
          associationSet: publicSubnets.map((s, i) => ({ routeTableAssociationId: `rtbassoc-pub-${i}`, routeTableId: 'rtb-public', subnetId: s.subnetId, main: false })),
        },
        ...zones.map((_, i) => ({
          routeTableId: `rtb-private-${i}`,
          vpcId: 'vpc-0prod',
          routeSet: [
            { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
            { destinationCidrBlock: '0.0.0.0/0', natGatewayId: `nat-${i}`, state: 'active' },
          ],
          associationSet: [{ routeTableAssociationId: `rtbassoc-priv-${i}`, routeTableId: `rtb-private-${i}`, subnetId: privateSubnets[i]!.subnetId, main: false }],
        })),
        { routeTableId: 'rtb-main', vpcId: 'vpc-0prod', routeSet: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' }], associationSet: [{ routeTableAssociationId: 'rtbassoc-main', routeTableId: 'rtb-main', main: true }] },
      ],
      natGateways: publicSubnets.map((s, i) => ({ natGatewayId: `nat-${i}`, subnetId: s.subnetId, vpcId: 'vpc-0prod', state: 'available', connectivityType: 'public' })),
      flowLogs: [{ flowLogId: 'fl-0prod', resourceId: 'vpc-0prod', flowLogStatus: 'ACTIVE', trafficType: 'ALL', logDestinationType: 'cloud-watch-logs' }],
      launchTemplateVersions: {
        'lt-0system': [
          { launchTemplateName: 'prod-system', versionNumber: 2, defaultVersion: false, launchTemplateData: { metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 } } },
          {
            launchTemplateName: 'prod-system',
            versionNumber: 3,
            defaultVersion: true,
            launchTemplateData: {
              metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
              blockDeviceMappingSet: [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', volumeSize: 50 } }],
              securityGroupIdSet: ['sg-0cluster'],
            },
          },
        ],
      },
      instances: zones.slice(0, 2).map((z, i) => ({
        instanceId: `i-0system${i}`,
        instanceType: 'm7g.large',
        imageId: 'ami-0al2023',
        subnetId: privateSubnets[i]!.subnetId,
        placement: { availabilityZone: z },
        instanceState: { code: 16, name: 'running' },
        metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
        tagSet: tagSet({ 'eks:nodegroup-name': 'system', 'eks:cluster-name': 'prod', 'kubernetes.io/cluster/prod': 'owned' }),
      })),
      securityGroups: [
        { groupId: 'sg-0cluster', groupName: 'eks-cluster-sg-prod', vpcId: 'vpc-0prod', groupDescription: 'EKS created security group', tagSet: tagSet({ 'karpenter.sh/discovery': 'prod', 'aws:eks:cluster-name': 'prod' }) },
        { groupId: 'sg-0control', groupName: 'prod-control-plane', vpcId: 'vpc-0prod', groupDescription: 'control plane', tagSet: [] },
      ],
    },
    iam: {
      roles: {
        'prod-cluster': { arn: `arn:aws:iam::${ACCOUNT}:role/prod-cluster`, trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }, attached: ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'] },
        'prod-node': {
          arn: `arn:aws:iam::${ACCOUNT}:role/prod-node`,
          trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          attached: ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
        },
        'prod-vpc-cni': {
          arn: `arn:aws:iam::${ACCOUNT}:role/prod-vpc-cni`,
          trust: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER.slice('https://'.length)}` },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: { StringEquals: { [`${ISSUER.slice('https://'.length)}:sub`]: 'system:serviceaccount:kube-system:aws-node', [`${ISSUER.slice('https://'.length)}:aud`]: 'sts.amazonaws.com' } },
              },
            ],
          },
          attached: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
        },
        'prod-karpenter-node': {
          arn: `arn:aws:iam::${ACCOUNT}:role/prod-karpenter-node`,
          trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          attached: ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
        },
        'prod-fargate': {
          arn: `arn:aws:iam::${ACCOUNT}:role/prod-fargate`,
          trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          attached: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
        },
        'platform-admin': { arn: `arn:aws:iam::${ACCOUNT}:role/platform-admin`, trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }, attached: [] },
        'shop-orders': {
          arn: `arn:aws:iam::${ACCOUNT}:role/shop-orders`,
          trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
          attached: [`arn:aws:iam::${ACCOUNT}:policy/shop-orders-dynamodb`],
          inline: { 'read-bucket': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::shop-orders/*' }] } },
        },
      },
      policies: { [`arn:aws:iam::${ACCOUNT}:policy/shop-orders-dynamodb`]: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*' }] } },
      oidcProviders: [`arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER.slice('https://'.length)}`],
    },
    kms: { [KEY_ARN]: { rotation: true } },
    ecr: { scanType: 'ENHANCED', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }] },
    guardduty: { 'det-0prod': { status: 'ENABLED', features: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED' }, { name: 'S3_DATA_EVENTS', status: 'ENABLED' }] } },
    sqs: { prod: { QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:prod`, MessageRetentionPeriod: '300', SqsManagedSseEnabled: 'true', Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: 'sqs:SendMessage' }] }) } },
  };
}
