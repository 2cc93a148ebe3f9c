import type * as EC2 from 'aws-cdk-lib/aws-ec2';
import type * as LOGS from 'aws-cdk-lib/aws-logs';
import { cdk, constructs, ec2, logs } from './lib.js';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { carve, parseCidr } from '../../model/internal/cidr.js';
import { VPC_DISCOVERY_TAG } from '../manifests/load-balancer-controller.js';

export interface NetworkProps {
  readonly definition: ClusterDefinition;
  readonly availabilityZones: readonly string[];
}

/**
 * The guide's VPC: private node subnets in three zones, public subnets for load balancers and NAT, one NAT
 * gateway per zone, flow logs, and the subnet tags the Load Balancer Controller and Karpenter discover.
 */
export class ClusterNetwork extends constructs.Construct {
  readonly vpc: EC2.IVpc;
  readonly nodeSubnets: EC2.SubnetSelection;
  /** Pod subnets per zone when a secondary CIDR with custom networking is configured. */
  readonly podSubnetIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const d = props.definition;
    const n = d.network;
    if (n.existing) {
      const ex = n.existing;
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: ex.vpcId,
        vpcCidrBlock: ex.vpcCidrBlock,
        availabilityZones: [...props.availabilityZones],
        privateSubnetIds: ex.privateSubnetIds,
        publicSubnetIds: ex.publicSubnetIds.length > 0 ? ex.publicSubnetIds : undefined,
      });
      this.nodeSubnets = { subnets: this.vpc.privateSubnets };
      return;
    }
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(n.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: n.natGateways === 'one-per-az' ? props.availabilityZones.length : 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: n.publicSubnetPrefix, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: n.privateSubnetPrefix },
      ],
      restrictDefaultSecurityGroup: false,
    });
    this.vpc = vpc;
    // The load balancer controller (no IMDS from pods) finds this VPC by tag in a GitOps tree written before deploy.
    cdk.Tags.of(vpc.node.defaultChild as EC2.CfnVPC).add(VPC_DISCOVERY_TAG, d.name);
    this.nodeSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    for (const s of vpc.privateSubnets) {
      cdk.Tags.of(s).add('kubernetes.io/role/internal-elb', '1');
      cdk.Tags.of(s).add('karpenter.sh/discovery', d.name);
    }
    for (const s of vpc.publicSubnets) cdk.Tags.of(s).add('kubernetes.io/role/elb', '1');

    if (n.flowLogs.enabled) {
      const group = new logs.LogGroup(this, 'FlowLogs', {
        logGroupName: `/aws/vpc/${d.name}/flow-logs`,
        retention: n.flowLogs.retentionDays as LOGS.RetentionDays,
      });
      vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(group),
        trafficType: ec2.FlowLogTrafficType[n.flowLogs.trafficType],
      });
    }
    if (n.podSubnets) this.addPodSubnets(vpc, d, props.availabilityZones);
  }

  /** Secondary 100.64.0.0/10 CIDR and one pod subnet per zone, routed like the node subnet of that zone. */
  private addPodSubnets(vpc: EC2.Vpc, d: ClusterDefinition, azs: readonly string[]): void {
    const pod = d.network.podSubnets!;
    const block = new ec2.CfnVPCCidrBlock(this, 'PodCidr', { vpcId: vpc.vpcId, cidrBlock: pod.cidr });
    const cidrs = carve(parseCidr(pod.cidr)!, pod.subnetPrefix, 0, azs.length);
    azs.forEach((az, i) => {
      const subnet = new ec2.CfnSubnet(this, `PodSubnet${i + 1}`, {
        vpcId: vpc.vpcId,
        availabilityZone: az,
        cidrBlock: cidrs[i]!.text,
        tags: [
          { key: 'Name', value: `${d.name}-pods-${az}` },
          { key: 'keelson.io/purpose', value: 'pods' },
        ],
      });
      subnet.addDependency(block);
      const privateSubnet = vpc.privateSubnets[i] as EC2.Subnet;
      new ec2.CfnSubnetRouteTableAssociation(this, `PodSubnet${i + 1}Routes`, {
        subnetId: subnet.ref,
        routeTableId: privateSubnet.routeTable.routeTableId,
      });
      this.podSubnetIds[az] = subnet.ref;
    });
  }
}
