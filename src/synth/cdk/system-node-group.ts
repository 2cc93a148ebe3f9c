import type * as EC2 from 'aws-cdk-lib/aws-ec2';
import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import { cdk, constructs, ec2, eks, iam } from './lib.js';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';

export interface SystemNodeGroupProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
  readonly subnets: EC2.SubnetSelection;
}

/** Policies a node needs, and nothing else: add-on permissions live on the add-ons' own roles. */
export const NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'] as const;

/** An EC2 node role with the node policies and nothing else, shared by managed nodes and Karpenter's nodes. */
export function nodeRole(scope: Construct, id: string, description: string, roleName?: string): IAM.Role {
  return new iam.Role(scope, id, {
    roleName,
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description,
    managedPolicies: NODE_MANAGED_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
  });
}

/**
 * The system managed node group: tainted CriticalAddonsOnly so only critical add-ons run there, with its own
 * launch template (IMDSv2 required, hop limit 1, encrypted gp3 root) instead of the EKS default one.
 */
export class SystemNodeGroup extends constructs.Construct {
  readonly nodegroup: EKS.Nodegroup;
  readonly role: IAM.Role;
  readonly launchTemplate: EC2.CfnLaunchTemplate;

  constructor(scope: Construct, id: string, props: SystemNodeGroupProps) {
    super(scope, id);
    const d = props.definition;
    const ng = d.systemNodeGroup;
    this.role = nodeRole(this, 'NodeRole', `Node role of the ${d.name} system node group (node policies only)`);
    const tags = Object.entries({ ...d.tags, Name: `${d.name}-system` }).map(([key, value]) => ({ key, value }));
    this.launchTemplate = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateName: `${d.name}-system`,
      launchTemplateData: {
        // Hop limit 1 keeps pods from reaching node credentials through IMDS (SSRF); pods use Pod Identity/IRSA.
        metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
        blockDeviceMappings: [
          {
            deviceName: ng.amiType.startsWith('BOTTLEROCKET') ? '/dev/xvdb' : '/dev/xvda',
            ebs: { volumeSize: ng.diskSizeGiB, volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
          },
        ],
        monitoring: { enabled: true },
        tagSpecifications: [
          { resourceType: 'instance', tags },
          { resourceType: 'volume', tags },
        ],
      },
    });
    this.nodegroup = props.cluster.addNodegroupCapacity('system', {
      nodegroupName: 'system',
      nodeRole: this.role,
      instanceTypes: ng.instanceTypes.map((t) => new ec2.InstanceType(t)),
      amiType: ng.amiType as EKS.NodegroupAmiType,
      capacityType: eks.CapacityType.ON_DEMAND,
      minSize: ng.minSize,
      maxSize: ng.maxSize,
      desiredSize: ng.desiredSize,
      subnets: props.subnets,
      labels: ng.labels,
      taints: ng.taints.map((t) => ({ key: t.key, value: t.value, effect: eks.TaintEffect[t.effect] })),
      launchTemplateSpec: { id: this.launchTemplate.ref, version: this.launchTemplate.attrLatestVersionNumber },
      maxUnavailable: 1,
      tags: d.tags,
    });
    cdk.Tags.of(this.nodegroup).add('karpenter.sh/discovery', d.name);
  }
}
