/** Small CloudFormation VPC templates for the network rule tests: one line per resource property, so lines are easy to assert. */

export interface SubnetSpec {
  readonly id: string;
  readonly az: string;
  readonly cidr: string;
  readonly public?: boolean;
  readonly tags?: Record<string, string>;
}

/** A VPC with the given subnets, NAT gateways in the named subnets, an optional flow log, and a node group on the private subnets. */
export function vpcTemplate(subnets: readonly SubnetSpec[], opts: { nat?: readonly string[]; flowLog?: boolean; nodeGroup?: boolean } = {}): string {
  const l: string[] = ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16', '  Igw:', '    Type: AWS::EC2::InternetGateway', '  PublicRt:', '    Type: AWS::EC2::RouteTable', '    Properties:', '      VpcId: !Ref Vpc', '  PublicDefault:', '    Type: AWS::EC2::Route', '    Properties:', '      RouteTableId: !Ref PublicRt', '      DestinationCidrBlock: 0.0.0.0/0', '      GatewayId: !Ref Igw', '  PrivateRt:', '    Type: AWS::EC2::RouteTable', '    Properties:', '      VpcId: !Ref Vpc'];
  for (const s of subnets) {
    l.push(`  ${s.id}:`, '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', `      AvailabilityZone: ${s.az}`, `      CidrBlock: ${s.cidr}`);
    const tags = Object.entries(s.tags ?? {});
    if (tags.length > 0) l.push('      Tags:', ...tags.map(([k, v]) => `        - {Key: ${k}, Value: "${v}"}`));
    l.push(`  ${s.id}Assoc:`, '    Type: AWS::EC2::SubnetRouteTableAssociation', '    Properties:', `      SubnetId: !Ref ${s.id}`, `      RouteTableId: !Ref ${s.public ? 'PublicRt' : 'PrivateRt'}`);
  }
  for (const n of opts.nat ?? []) l.push(`  Nat${n}:`, '    Type: AWS::EC2::NatGateway', '    Properties:', `      SubnetId: !Ref ${n}`);
  if (opts.flowLog) l.push('  FlowLog:', '    Type: AWS::EC2::FlowLog', '    Properties:', '      ResourceType: VPC', '      ResourceId: !Ref Vpc', '      TrafficType: ALL');
  if (opts.nodeGroup) {
    l.push('  Nodes:', '    Type: AWS::EKS::Nodegroup', '    Properties:', '      ClusterName: c', '      NodeRole: arn:aws:iam::123456789012:role/node', '      Subnets:');
    for (const s of subnets.filter((x) => !x.public)) l.push(`        - !Ref ${s.id}`);
  }
  return `${l.join('\n')}\n`;
}

const PRIV = { 'kubernetes.io/role/internal-elb': '1' };
const PUB = { 'kubernetes.io/role/elb': '1' };

/** The guide's network: 3 zones, /20 private and /24 public subnets, all tagged. */
export const GOOD_SUBNETS: readonly SubnetSpec[] = [
  { id: 'PrivA', az: 'eu-west-1a', cidr: '10.0.16.0/20', tags: PRIV },
  { id: 'PrivB', az: 'eu-west-1b', cidr: '10.0.32.0/20', tags: PRIV },
  { id: 'PrivC', az: 'eu-west-1c', cidr: '10.0.48.0/20', tags: PRIV },
  { id: 'PubA', az: 'eu-west-1a', cidr: '10.0.0.0/24', public: true, tags: PUB },
  { id: 'PubB', az: 'eu-west-1b', cidr: '10.0.1.0/24', public: true, tags: PUB },
  { id: 'PubC', az: 'eu-west-1c', cidr: '10.0.2.0/24', public: true, tags: PUB },
];

export const EKSCTL = (body: string): string => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n${body}`;
export const KEELSON = (body: string): string => `name: prod\naccount: "123456789012"\nregion: eu-west-1\n${body}`;
