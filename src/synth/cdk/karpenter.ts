import type * as EC2 from 'aws-cdk-lib/aws-ec2';
import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type * as SQS from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { interruptionQueueName, karpenterControllerRoleName, karpenterNodeRoleName } from '../names.js';
import { cdk, constructs, ec2, eks, events, iam, sqs, targets } from './lib.js';
import { nodeRole } from './system-node-group.js';

export interface KarpenterInfraProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
  readonly vpc: EC2.IVpc;
}

/** The EventBridge events Karpenter handles: Spot interruptions, rebalances, state changes, scheduled maintenance. */
export const INTERRUPTION_EVENTS: readonly { id: string; source: string; detailType: string }[] = [
  { id: 'ScheduledChange', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'Rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChange', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
];

/**
 * Everything Karpenter needs outside the cluster: the node role (node policies only) with its EC2_LINUX access
 * entry, the interruption queue and its EventBridge rules, and the controller role bound by Pod Identity to
 * kube-system/karpenter with the permissions Karpenter documents, scoped by the cluster's tags.
 */
export class KarpenterInfra extends constructs.Construct {
  readonly nodeRole: IAM.Role;
  readonly controllerRole: IAM.Role;
  readonly queue: SQS.Queue;
  readonly nodeSecurityGroup: EC2.SecurityGroup;

  constructor(scope: Construct, id: string, props: KarpenterInfraProps) {
    super(scope, id);
    const d = props.definition;
    const cluster = props.cluster;

    this.nodeRole = nodeRole(this, 'NodeRole', `Nodes Karpenter launches for ${d.name} (node policies only)`, karpenterNodeRoleName(d));
    new eks.AccessEntry(this, 'NodeAccess', {
      cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    // The EKS-created cluster security group cannot carry tags from CloudFormation, so Karpenter's nodes get their
    // own group, found by the discovery tag, and talk to the cluster (control plane and system nodes) through rules.
    this.nodeSecurityGroup = new ec2.SecurityGroup(this, 'NodeSecurityGroup', {
      vpc: props.vpc,
      description: `Nodes Karpenter launches for ${d.name}`,
      allowAllOutbound: true,
    });
    cdk.Tags.of(this.nodeSecurityGroup).add('karpenter.sh/discovery', d.name);
    cdk.Tags.of(this.nodeSecurityGroup).add(`kubernetes.io/cluster/${d.name}`, 'owned');
    this.nodeSecurityGroup.addIngressRule(this.nodeSecurityGroup, ec2.Port.allTraffic(), 'node to node');
    new ec2.CfnSecurityGroupIngress(this, 'FromCluster', {
      groupId: this.nodeSecurityGroup.securityGroupId,
      sourceSecurityGroupId: cluster.clusterSecurityGroupId,
      ipProtocol: '-1',
      description: 'control plane and system nodes to Karpenter nodes',
    });
    new ec2.CfnSecurityGroupIngress(this, 'ToCluster', {
      groupId: cluster.clusterSecurityGroupId,
      sourceSecurityGroupId: this.nodeSecurityGroup.securityGroupId,
      ipProtocol: '-1',
      description: 'Karpenter nodes to control plane and system nodes',
    });

    this.queue = new sqs.Queue(this, 'InterruptionQueue', {
      queueName: interruptionQueueName(d),
      retentionPeriod: cdk.Duration.seconds(300),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    for (const e of INTERRUPTION_EVENTS) {
      new events.Rule(this, `${e.id}Rule`, {
        description: `${e.detailType} to Karpenter (${d.name})`,
        eventPattern: { source: [e.source], detailType: [e.detailType] },
        targets: [new targets.SqsQueue(this.queue)],
      });
    }

    const policy = new iam.ManagedPolicy(this, 'ControllerPolicy', {
      description: `Karpenter controller of ${d.name}, scoped to the cluster's resources by tag`,
      statements: controllerStatements(d, cdk.Stack.of(this), this.nodeRole.roleArn, this.queue.queueArn, cluster.clusterArn),
    });
    this.controllerRole = new iam.Role(this, 'ControllerRole', {
      roleName: karpenterControllerRoleName(d),
      description: `Karpenter controller of ${d.name} (kube-system/karpenter)`,
      assumedBy: new iam.PrincipalWithConditions(new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')), {
        StringEquals: {
          'aws:SourceAccount': d.account,
          'aws:RequestTag/kubernetes-namespace': 'kube-system',
          'aws:RequestTag/kubernetes-service-account': 'karpenter',
        },
        ArnEquals: { 'aws:SourceArn': cluster.clusterArn },
      }),
      managedPolicies: [policy],
    });
    new eks.CfnPodIdentityAssociation(this, 'ControllerIdentity', {
      clusterName: cluster.clusterName,
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      roleArn: this.controllerRole.roleArn,
    });
  }
}

function controllerStatements(d: ClusterDefinition, stack: { partition: string }, nodeRoleArn: string, queueArn: string, clusterArn: string): IAM.PolicyStatement[] {
  const p = stack.partition;
  const arn = (service: string, resource: string, account = ''): string => `arn:${p}:${service}:${d.region}:${account}:${resource}`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${d.name}`]: 'owned' };
  const requestOwned = { [`aws:RequestTag/kubernetes.io/cluster/${d.name}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': d.name };
  const taggedResources = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map((r) => arn('ec2', `${r}/*`, '*'));
  const s = (sid: string, actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>): IAM.PolicyStatement =>
    new iam.PolicyStatement({ sid, actions, resources, conditions });
  return [
    s('AllowScopedEC2InstanceAccessActions', ['ec2:RunInstances', 'ec2:CreateFleet'], [arn('ec2', 'image/*'), arn('ec2', 'snapshot/*'), arn('ec2', 'security-group/*', '*'), arn('ec2', 'subnet/*', '*'), arn('ec2', 'capacity-reservation/*', '*')]),
    s('AllowScopedEC2LaunchTemplateAccessActions', ['ec2:RunInstances', 'ec2:CreateFleet'], [arn('ec2', 'launch-template/*', '*')], {
      StringEquals: owned,
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    }),
    s('AllowScopedEC2InstanceActionsWithTags', ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], taggedResources, {
      StringEquals: requestOwned,
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    }),
    s('AllowScopedResourceCreationTagging', ['ec2:CreateTags'], taggedResources, {
      StringEquals: { ...requestOwned, 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    }),
    s('AllowScopedResourceTagging', ['ec2:CreateTags'], [arn('ec2', 'instance/*', '*')], {
      StringEquals: owned,
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': d.name },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
    }),
    s('AllowScopedDeletion', ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], [arn('ec2', 'instance/*', '*'), arn('ec2', 'launch-template/*', '*')], {
      StringEquals: owned,
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    }),
    s(
      'AllowRegionalReadActions',
      [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      ['*'],
      { StringEquals: { 'aws:RequestedRegion': d.region } },
    ),
    s('AllowSSMReadActions', ['ssm:GetParameter'], [`arn:${p}:ssm:${d.region}::parameter/aws/service/*`]),
    // The Pricing API has no resource-level permissions.
    s('AllowPricingReadActions', ['pricing:GetProducts'], ['*']),
    s('AllowInterruptionQueueActions', ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], [queueArn]),
    s('AllowPassingInstanceRole', ['iam:PassRole'], [nodeRoleArn], { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } }),
    s('AllowScopedInstanceProfileCreationActions', ['iam:CreateInstanceProfile'], [`arn:${p}:iam::${d.account}:instance-profile/*`], {
      StringEquals: { ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': d.region },
      StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    s('AllowScopedInstanceProfileTagActions', ['iam:TagInstanceProfile'], [`arn:${p}:iam::${d.account}:instance-profile/*`], {
      StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': d.region, ...requestOwned, 'aws:RequestTag/topology.kubernetes.io/region': d.region },
      StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    s('AllowScopedInstanceProfileActions', ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'], [`arn:${p}:iam::${d.account}:instance-profile/*`], {
      StringEquals: { ...owned, 'aws:ResourceTag/topology.kubernetes.io/region': d.region },
      StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }),
    s('AllowInstanceProfileReadActions', ['iam:GetInstanceProfile'], [`arn:${p}:iam::${d.account}:instance-profile/*`]),
    // ListInstanceProfiles has no resource-level permissions; Karpenter uses it to garbage-collect profiles.
    s('AllowUnscopedInstanceProfileListAction', ['iam:ListInstanceProfiles'], ['*']),
    s('AllowAPIServerEndpointDiscovery', ['eks:DescribeCluster'], [clusterArn]),
  ];
}
