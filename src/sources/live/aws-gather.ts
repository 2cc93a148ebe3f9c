/**
 * Reads the AWS account around an EKS cluster with the SDK v3 clients: the VPC (subnets, route tables, NAT gateways,
 * flow logs), the node groups' launch template versions, the nodes' instance metadata options and security groups
 * (EC2); the roles the cluster, node groups, access entries, add-ons and workloads use, and the IRSA OIDC provider
 * (IAM); the Secrets key (KMS); registry scanning (ECR); runtime monitoring (GuardDuty); Karpenter's interruption
 * queue (SQS). Everything is rendered as CloudFormation-shaped resources, so the readers and DEF rules keelson
 * already has judge the live account exactly as they judge a template.
 *
 * Read-only: only Describe, List and Get calls. Each call that fails becomes a gap naming the IAM action to grant
 * and the rules that cannot be decided without it; a missing answer is never rendered as an "off".
 */
import type { RouteTable, Subnet } from '@aws-sdk/client-ec2';
import type { Gap } from './kube-gather.js';

/** Which rules each action's answer decides; a denied action makes exactly these `not evaluated`. */
export const RULES_BY_ACTION: Readonly<Record<string, readonly string[]>> = {
  'eks:DescribeCluster': ['CP-IAC', 'CP-ENDPOINT', 'CP-SECRETS-KMS', 'CP-LOGGING', 'CP-VERSION', 'CP-ACCESS-ENTRIES', 'CP-OIDC', 'NET-3AZ', 'NET-SUBNET-SIZE', 'NET-SUBNET-TAGS', 'NET-FLOW-LOGS', 'NET-NAT-HA', 'NET-PRIVATE-NODES'],
  'eks:ListNodegroups': ['NODE-IMDSV2', 'NODE-AMI', 'NODE-SYSTEM-POOL', 'NODE-EBS-ENCRYPTED', 'NET-PRIVATE-NODES', 'IAM-NODE-ROLE-MINIMAL'],
  'eks:DescribeNodegroup': ['NODE-IMDSV2', 'NODE-AMI', 'NODE-SYSTEM-POOL', 'NODE-EBS-ENCRYPTED', 'NET-PRIVATE-NODES', 'IAM-NODE-ROLE-MINIMAL'],
  'eks:ListAddons': ['ADDON-IRSA', 'CP-OIDC'],
  'eks:DescribeAddon': ['ADDON-IRSA', 'CP-OIDC'],
  'eks:ListAccessEntries': ['IAM-NODE-ROLE-MINIMAL'],
  'eks:DescribeAccessEntry': ['IAM-NODE-ROLE-MINIMAL'],
  'eks:ListFargateProfiles': [],
  'eks:DescribeFargateProfile': [],
  'eks:ListPodIdentityAssociations': ['ADDON-IRSA', 'IAM-LEAST-PRIVILEGE'],
  'eks:DescribePodIdentityAssociation': ['IAM-LEAST-PRIVILEGE'],
  'eks:ListInsights': ['UPG-DEPRECATED-APIS'],
  'eks:DescribeAddonVersions': ['UPG-ADDON-COMPAT'],
  'ec2:DescribeSubnets': ['NET-3AZ', 'NET-SUBNET-SIZE', 'NET-SUBNET-TAGS', 'NET-PRIVATE-NODES', 'NET-NAT-HA'],
  'ec2:DescribeRouteTables': ['NET-PRIVATE-NODES', 'NET-SUBNET-TAGS'],
  'ec2:DescribeNatGateways': ['NET-NAT-HA'],
  'ec2:DescribeFlowLogs': ['NET-FLOW-LOGS'],
  'ec2:DescribeLaunchTemplateVersions': ['NODE-IMDSV2', 'NODE-EBS-ENCRYPTED', 'NODE-AMI'],
  'ec2:DescribeInstances': ['NODE-IMDSV2'],
  'ec2:DescribeSecurityGroups': [],
  'iam:GetRole': ['IAM-TRUST-SCOPED', 'IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:ListAttachedRolePolicies': ['IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:ListRolePolicies': ['IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:GetRolePolicy': ['IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:GetPolicy': ['IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:GetPolicyVersion': ['IAM-LEAST-PRIVILEGE', 'IAM-NODE-ROLE-MINIMAL'],
  'iam:ListOpenIDConnectProviders': ['CP-OIDC'],
  'kms:DescribeKey': ['CP-SECRETS-KMS'],
  'kms:GetKeyRotationStatus': ['CP-SECRETS-KMS'],
  'ecr:GetRegistryScanningConfiguration': ['SEC-ECR-SCAN'],
  'guardduty:ListDetectors': ['SEC-GUARDDUTY'],
  'guardduty:GetDetector': ['SEC-GUARDDUTY'],
  'sqs:GetQueueUrl': ['KARP-INTERRUPTION'],
  'sqs:GetQueueAttributes': ['KARP-INTERRUPTION'],
};

export interface AwsClientOptions {
  readonly region: string;
  /** For tests and VPC endpoints: one endpoint for EC2, IAM, KMS, ECR, GuardDuty and SQS. */
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Attempts per call, throttling retried with the SDK's standard backoff. @default 5 */
  readonly maxAttempts?: number;
  /** Calls in flight per service. @default 4 */
  readonly concurrency?: number;
}

/** What the EKS side found that points into the account. */
export interface AccountRefs {
  readonly clusterName: string;
  readonly vpcId?: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly keyArn?: string;
  readonly oidcIssuer?: string;
  readonly launchTemplates: readonly { readonly id: string; readonly version?: string }[];
  /** Role ARN -> what uses it (`cluster`, `nodes`, `addon vpc-cni`, `ServiceAccount shop/orders`, ...). */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly interruptionQueue?: string;
}

export interface AccountSnapshot {
  /** CloudFormation-shaped resources keyed by logical id. */
  readonly resources: Record<string, unknown>;
  /** Physical id -> logical id, so the EKS resources can point at what was read (`subnet-1` -> `Subnetsubnet1`). */
  readonly logicalIds: ReadonlyMap<string, string>;
  /** The Secrets key was read completely (rotation known), so the cluster may reference it. */
  readonly keyComplete: boolean;
  readonly gaps: Gap[];
  readonly calls: string[];
}

interface AwsError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Bounded waits: a hung connection or answer becomes a gap, never a hang. */
export const AWS_REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true } as const;

const NETWORK_CODES = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** No answer at all (DNS, refused, timed out): the service's endpoint cannot be reached. */
export function isUnreachable(e: unknown): boolean {
  const err = e as AwsError & { code?: string; cause?: { code?: string } };
  if (err.$metadata?.httpStatusCode !== undefined) return false;
  return err.name === 'TimeoutError' || NETWORK_CODES.has(err.code ?? '') || NETWORK_CODES.has(err.cause?.code ?? '') || /ENOTFOUND|ECONNREFUSED|ETIMEDOUT/.test(err.message ?? '');
}

// SQS names a missing queue QueueDoesNotExist in its JSON protocol and AWS.SimpleQueueService.NonExistentQueue in the
// query protocol (which the JSON answer carries too, as x-amzn-query-error).
const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ResourceNotFoundException', 'NotFoundException', 'InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateId.VersionNotFound', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

/** AWS answered that the thing asked about does not exist. */
export function isNotFound(e: unknown): boolean {
  const err = e as AwsError;
  return NOT_FOUND.has(err.name ?? '') || NOT_FOUND.has(err.Code ?? '');
}

/** The logical id of Karpenter's interruption queue in a live snapshot. */
export const INTERRUPTION_QUEUE_ID = 'InterruptionQueue';
/** Resource Metadata of something the cluster names that AWS says does not exist: AWS's answer. */
export const MISSING_METADATA = 'keelson.io/missing';

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedException', 'Forbidden']);

export function isAccessDenied(e: unknown): boolean {
  const err = e as AwsError;
  return DENIED.has(err.name ?? '') || DENIED.has(err.Code ?? '') || err.$metadata?.httpStatusCode === 403;
}

export function logicalId(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, '')}`;
}

const answerOf = (e: unknown): string => `${(e as AwsError).name ?? 'error'}: ${(e as AwsError).message ?? String(e)}`;

/** A gap for a failed call: a denied call names its IAM action and the rules it leaves undecided. */
export function gapFor(action: string, what: string, e: unknown): Gap {
  const err = e as AwsError;
  if (isAccessDenied(e)) return { what, reason: `access denied: ${err.message ?? ''}`.trim(), grant: action, rules: RULES_BY_ACTION[action] ?? [] };
  // Something the cluster names that does not exist (a deleted role, launch template or key) leaves nothing to judge
  // and no rule undecided. (A missing interruption queue is judged instead: gatherAccount renders it as missing.)
  return { what, reason: answerOf(e), rules: isNotFound(e) ? [] : (RULES_BY_ACTION[action] ?? []) };
}

export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

const tagsList = (tags: readonly { Key?: string; Value?: string }[] | undefined): { Key: string; Value: string }[] =>
  (tags ?? []).filter((t) => t.Key !== undefined).map((t) => ({ Key: t.Key!, Value: t.Value ?? '' }));

/** IAM returns policy documents URL-encoded. */
function policyDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text)) as unknown;
  } catch {
    return undefined;
  }
}

const roleNameOf = (arn: string): string => arn.slice(arn.indexOf(':role/') + ':role/'.length).split('/').pop() ?? arn;

export async function gatherAccount(refs: AccountRefs, options: AwsClientOptions): Promise<AccountSnapshot> {
  const [ec2Sdk, iamSdk, kmsSdk, ecrSdk, gdSdk, sqsSdk] = await Promise.all([
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-kms'),
    import('@aws-sdk/client-ecr'),
    import('@aws-sdk/client-guardduty'),
    import('@aws-sdk/client-sqs'),
  ]);
  // Throttling (RequestLimitExceeded, Throttling, TooManyRequests) is retried by the SDK's standard strategy:
  // exponential backoff with jitter, a retry quota so a storm does not multiply.
  const config = { region: options.region, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: options.maxAttempts ?? 5, retryMode: 'standard' as const, requestHandler: AWS_REQUEST_HANDLER };
  const ec2 = new ec2Sdk.EC2Client(config);
  const iam = new iamSdk.IAMClient(config);
  const kms = new kmsSdk.KMSClient(config);
  const ecr = new ecrSdk.ECRClient(config);
  const gd = new gdSdk.GuardDutyClient(config);
  const sqs = new sqsSdk.SQSClient(config);
  const limit = options.concurrency ?? 4;
  const resources: Record<string, unknown> = {};
  const logicalIds = new Map<string, string>();
  const gaps: Gap[] = [];
  const calls: string[] = [];
  let keyComplete = false;

  // A service whose endpoint does not answer is not asked again: one gap per call, not one timeout per call.
  const unreachable = new Map<string, string>();
  async function attempt<T>(action: string, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    const service = action.split(':')[0] ?? action;
    const down = unreachable.get(service);
    if (down) {
      gaps.push({ what: `${action} ${what}`, reason: `not tried: ${down}`, rules: RULES_BY_ACTION[action] ?? [] });
      return undefined;
    }
    calls.push(action);
    try {
      return await fn();
    } catch (e) {
      const gap = gapFor(action, `${action} ${what}`, e);
      if (isUnreachable(e)) unreachable.set(service, `the ${service} endpoint did not answer (${gap.reason})`);
      gaps.push(gap);
      return undefined;
    }
  }
  const put = (physical: string, logical: string, resource: unknown): void => {
    resources[logical] = resource;
    logicalIds.set(physical, logical);
  };

  const vpcFilter = refs.vpcId ? [{ Name: 'vpc-id', Values: [refs.vpcId] }] : undefined;

  const network = async (): Promise<void> => {
    // The whole VPC, not only the cluster's subnets: NAT gateways sit in public subnets the cluster never names.
    const subnets: Subnet[] = [];
    const subnetsRead = await attempt('ec2:DescribeSubnets', refs.vpcId ?? refs.subnetIds.join(','), async () => {
      for await (const p of ec2Sdk.paginateDescribeSubnets({ client: ec2 }, vpcFilter ? { Filters: vpcFilter } : { SubnetIds: [...refs.subnetIds] })) subnets.push(...(p.Subnets ?? []));
      return true;
    });
    if (!subnetsRead) return;
    const vpcId = refs.vpcId ?? subnets[0]?.VpcId;
    if (vpcId) put(vpcId, logicalId('Vpc', vpcId), { Type: 'AWS::EC2::VPC', Properties: { VpcId: vpcId } });
    const vpcRef = vpcId ? { Ref: logicalId('Vpc', vpcId) } : undefined;
    for (const s of subnets) {
      if (!s.SubnetId) continue;
      put(s.SubnetId, logicalId('Subnet', s.SubnetId), {
        Type: 'AWS::EC2::Subnet',
        Properties: { SubnetId: s.SubnetId, VpcId: vpcRef, AvailabilityZone: s.AvailabilityZone, CidrBlock: s.CidrBlock, MapPublicIpOnLaunch: s.MapPublicIpOnLaunch ?? false, AvailableIpAddressCount: s.AvailableIpAddressCount, Tags: tagsList(s.Tags) },
      });
    }

    const tables: RouteTable[] = [];
    const tablesRead = await attempt('ec2:DescribeRouteTables', vpcId ?? '', async () => {
      for await (const p of ec2Sdk.paginateDescribeRouteTables({ client: ec2 }, { Filters: vpcFilter ?? [{ Name: 'vpc-id', Values: [vpcId ?? ''] }] })) tables.push(...(p.RouteTables ?? []));
      return true;
    });
    if (tablesRead) {
      // A subnet without an explicit association uses the VPC's main route table.
      const explicit = new Set(tables.flatMap((t) => (t.Associations ?? []).map((a) => a.SubnetId).filter((x): x is string => !!x)));
      const main = tables.find((t) => (t.Associations ?? []).some((a) => a.Main));
      for (const t of tables) {
        if (!t.RouteTableId) continue;
        const tableId = logicalId('RouteTable', t.RouteTableId);
        put(t.RouteTableId, tableId, { Type: 'AWS::EC2::RouteTable', Properties: { RouteTableId: t.RouteTableId, VpcId: vpcRef } });
        for (const r of t.Routes ?? []) {
          if (!r.GatewayId?.startsWith('igw-')) continue;
          put(r.GatewayId, logicalId('InternetGateway', r.GatewayId), { Type: 'AWS::EC2::InternetGateway', Properties: { InternetGatewayId: r.GatewayId } });
          resources[logicalId(`Route${t.RouteTableId}`, r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? '')] = {
            Type: 'AWS::EC2::Route',
            Properties: { RouteTableId: { Ref: tableId }, DestinationCidrBlock: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock, GatewayId: { Ref: logicalId('InternetGateway', r.GatewayId) } },
          };
        }
        const subnetsOfTable = [
          ...(t.Associations ?? []).map((a) => a.SubnetId).filter((x): x is string => !!x),
          ...(t === main ? subnets.map((s) => s.SubnetId).filter((x): x is string => !!x && !explicit.has(x)) : []),
        ];
        for (const sid of subnetsOfTable) {
          const subnet = logicalIds.get(sid);
          if (subnet) resources[logicalId('RouteTableAssociation', sid)] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: subnet }, RouteTableId: { Ref: tableId } } };
        }
      }
    }

    await Promise.all([
      attempt('ec2:DescribeNatGateways', vpcId ?? '', async () => {
        for await (const p of ec2Sdk.paginateDescribeNatGateways({ client: ec2 }, { Filter: [...(vpcFilter ?? []), { Name: 'state', Values: ['available'] }] })) {
          for (const n of p.NatGateways ?? []) {
            if (!n.NatGatewayId) continue;
            const subnet = n.SubnetId ? logicalIds.get(n.SubnetId) : undefined;
            put(n.NatGatewayId, logicalId('NatGateway', n.NatGatewayId), { Type: 'AWS::EC2::NatGateway', Properties: { NatGatewayId: n.NatGatewayId, SubnetId: subnet ? { Ref: subnet } : n.SubnetId, ConnectivityType: n.ConnectivityType } });
          }
        }
      }),
      vpcId
        ? attempt('ec2:DescribeFlowLogs', vpcId, async () => {
            for await (const p of ec2Sdk.paginateDescribeFlowLogs({ client: ec2 }, { Filter: [{ Name: 'resource-id', Values: [vpcId] }] })) {
              for (const f of p.FlowLogs ?? []) {
                // A flow log that cannot deliver (FlowLogStatus other than ACTIVE) records nothing.
                if (!f.FlowLogId || f.FlowLogStatus !== 'ACTIVE') continue;
                put(f.FlowLogId, logicalId('FlowLog', f.FlowLogId), { Type: 'AWS::EC2::FlowLog', Properties: { FlowLogId: f.FlowLogId, ResourceType: 'VPC', ResourceId: vpcRef, TrafficType: f.TrafficType, LogDestinationType: f.LogDestinationType } });
              }
            }
          })
        : Promise.resolve(),
    ]);
  };

  const nodes = async (): Promise<void> => {
    await mapLimit(refs.launchTemplates, limit, async (lt) => {
      const r = await attempt('ec2:DescribeLaunchTemplateVersions', `${lt.id} version ${lt.version ?? '$Default'}`, () =>
        ec2.send(new ec2Sdk.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: lt.id, Versions: [lt.version ?? '$Default'] })),
      );
      const v = r?.LaunchTemplateVersions?.[0];
      if (!v) return;
      const d = v.LaunchTemplateData ?? {};
      put(lt.id, logicalId('LaunchTemplate', lt.id), {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateId: lt.id,
          LaunchTemplateName: v.LaunchTemplateName,
          VersionNumber: v.VersionNumber,
          LaunchTemplateData: {
            ...(d.ImageId ? { ImageId: d.ImageId } : {}),
            ...(d.InstanceType ? { InstanceType: d.InstanceType } : {}),
            ...(d.MetadataOptions ? { MetadataOptions: { HttpTokens: d.MetadataOptions.HttpTokens, HttpPutResponseHopLimit: d.MetadataOptions.HttpPutResponseHopLimit, HttpEndpoint: d.MetadataOptions.HttpEndpoint } } : {}),
            ...(d.BlockDeviceMappings?.length
              ? { BlockDeviceMappings: d.BlockDeviceMappings.map((b) => ({ DeviceName: b.DeviceName, ...(b.Ebs ? { Ebs: { Encrypted: b.Ebs.Encrypted ?? false, VolumeType: b.Ebs.VolumeType, VolumeSize: b.Ebs.VolumeSize, ...(b.Ebs.KmsKeyId ? { KmsKeyId: b.Ebs.KmsKeyId } : {}) } } : {}) })) }
              : {}),
            ...(d.SecurityGroupIds?.length ? { SecurityGroupIds: d.SecurityGroupIds } : {}),
          },
        },
      });
    });

    // The nodes themselves: what a launch template says and what the running instances were launched with can differ.
    await attempt('ec2:DescribeInstances', `tag-key kubernetes.io/cluster/${refs.clusterName}`, async () => {
      const filters = [{ Name: 'tag-key', Values: [`kubernetes.io/cluster/${refs.clusterName}`] }, { Name: 'instance-state-name', Values: ['running', 'pending'] }];
      for await (const p of ec2Sdk.paginateDescribeInstances({ client: ec2 }, { Filters: filters, MaxResults: 1000 })) {
        for (const i of (p.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          if (!i.InstanceId) continue;
          const kept = tagsList(i.Tags).filter((t) => t.Key === 'eks:nodegroup-name' || t.Key === 'karpenter.sh/nodepool' || t.Key === 'Name');
          put(i.InstanceId, logicalId('Instance', i.InstanceId), {
            Type: 'AWS::EC2::Instance',
            Properties: {
              InstanceId: i.InstanceId,
              InstanceType: i.InstanceType,
              ImageId: i.ImageId,
              SubnetId: i.SubnetId,
              AvailabilityZone: i.Placement?.AvailabilityZone,
              MetadataOptions: { HttpTokens: i.MetadataOptions?.HttpTokens, HttpPutResponseHopLimit: i.MetadataOptions?.HttpPutResponseHopLimit, HttpEndpoint: i.MetadataOptions?.HttpEndpoint },
              Tags: kept,
            },
          });
        }
      }
    });

    if (refs.securityGroupIds.length > 0) {
      await attempt('ec2:DescribeSecurityGroups', refs.securityGroupIds.join(','), async () => {
        for await (const p of ec2Sdk.paginateDescribeSecurityGroups({ client: ec2 }, { GroupIds: [...refs.securityGroupIds] })) {
          for (const g of p.SecurityGroups ?? []) {
            if (!g.GroupId) continue;
            put(g.GroupId, logicalId('SecurityGroup', g.GroupId), {
              Type: 'AWS::EC2::SecurityGroup',
              Properties: {
                GroupId: g.GroupId,
                GroupName: g.GroupName,
                GroupDescription: g.Description,
                VpcId: g.VpcId && logicalIds.has(g.VpcId) ? { Ref: logicalIds.get(g.VpcId) } : g.VpcId,
                SecurityGroupIngress: (g.IpPermissions ?? []).flatMap((perm) => (perm.IpRanges ?? []).map((r) => ({ IpProtocol: perm.IpProtocol, FromPort: perm.FromPort, ToPort: perm.ToPort, CidrIp: r.CidrIp }))),
                Tags: tagsList(g.Tags),
              },
            });
          }
        }
      });
    }
  };

  const identity = async (): Promise<void> => {
    const managed = new Map<string, Promise<unknown>>();
    const customerPolicy = (arn: string): Promise<unknown> => {
      // Several roles often share one customer managed policy: read it once.
      let p = managed.get(arn);
      if (!p) {
        p = (async () => {
          const pol = await attempt('iam:GetPolicy', arn, () => iam.send(new iamSdk.GetPolicyCommand({ PolicyArn: arn })));
          const version = pol?.Policy?.DefaultVersionId;
          if (!version) return undefined;
          const v = await attempt('iam:GetPolicyVersion', `${arn} ${version}`, () => iam.send(new iamSdk.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version })));
          const doc = policyDocument(v?.PolicyVersion?.Document);
          if (doc !== undefined) resources[logicalId('ManagedPolicy', arn.split('/').pop() ?? arn)] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: arn.split('/').pop(), PolicyArn: arn, PolicyDocument: doc } };
          return doc;
        })();
        managed.set(arn, p);
      }
      return p;
    };
    await mapLimit([...refs.roles.keys()].filter((arn) => arn.includes(':role/')).sort(), limit, async (arn) => {
      const name = roleNameOf(arn);
      const role = await attempt('iam:GetRole', name, () => iam.send(new iamSdk.GetRoleCommand({ RoleName: name })));
      if (!role?.Role) return;
      const attached: { PolicyArn?: string }[] = [];
      const attachedRead = await attempt('iam:ListAttachedRolePolicies', name, async () => {
        for await (const p of iamSdk.paginateListAttachedRolePolicies({ client: iam }, { RoleName: name })) attached.push(...(p.AttachedPolicies ?? []));
        return true;
      });
      const inlineNames: string[] = [];
      const inlineRead = await attempt('iam:ListRolePolicies', name, async () => {
        for await (const p of iamSdk.paginateListRolePolicies({ client: iam }, { RoleName: name })) inlineNames.push(...(p.PolicyNames ?? []));
        return true;
      });
      const inline: { PolicyName: string; PolicyDocument: unknown }[] = [];
      let inlineComplete = inlineRead === true;
      for (const pn of inlineNames) {
        const p = await attempt('iam:GetRolePolicy', `${name}/${pn}`, () => iam.send(new iamSdk.GetRolePolicyCommand({ RoleName: name, PolicyName: pn })));
        const doc = policyDocument(p?.PolicyDocument);
        if (doc === undefined) inlineComplete = false;
        else inline.push({ PolicyName: pn, PolicyDocument: doc });
      }
      const managedArns: unknown[] = [];
      let managedComplete = attachedRead === true;
      for (const a of attached) {
        if (!a.PolicyArn) continue;
        if (/^arn:aws[a-z-]*:iam::aws:policy\//.test(a.PolicyArn)) {
          managedArns.push(a.PolicyArn);
          continue;
        }
        const doc = await customerPolicy(a.PolicyArn);
        if (doc === undefined) managedComplete = false;
        managedArns.push(doc === undefined ? a.PolicyArn : { Ref: logicalId('ManagedPolicy', a.PolicyArn.split('/').pop() ?? a.PolicyArn) });
      }
      put(arn, logicalId('Role', name), {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: name,
          Arn: arn,
          AssumeRolePolicyDocument: policyDocument(role.Role.AssumeRolePolicyDocument) ?? {},
          ManagedPolicyArns: managedArns,
          Policies: inline,
          Tags: tagsList(role.Role.Tags),
        },
        // What the audit could not read of this role: its policy rules are not evaluated rather than judged on half a role.
        Metadata: { 'keelson.io/used-by': refs.roles.get(arn) ?? [], ...(managedComplete && inlineComplete ? {} : { 'keelson.io/incomplete': true }) },
      });
    });
    if (refs.oidcIssuer) {
      const issuerHost = refs.oidcIssuer.replace(/^https:\/\//, '');
      const list = await attempt('iam:ListOpenIDConnectProviders', '', () => iam.send(new iamSdk.ListOpenIDConnectProvidersCommand({})));
      const match = list?.OpenIDConnectProviderList?.find((p) => p.Arn?.endsWith(`:oidc-provider/${issuerHost}`));
      if (match?.Arn) put(match.Arn, 'OidcProvider', { Type: 'AWS::IAM::OIDCProvider', Properties: { Arn: match.Arn, Url: refs.oidcIssuer } });
    }
  };

  const key = async (): Promise<void> => {
    if (!refs.keyArn) return;
    const keyArn = refs.keyArn;
    const d = await attempt('kms:DescribeKey', keyArn, () => kms.send(new kmsSdk.DescribeKeyCommand({ KeyId: keyArn })));
    const r = await attempt('kms:GetKeyRotationStatus', keyArn, () => kms.send(new kmsSdk.GetKeyRotationStatusCommand({ KeyId: keyArn })));
    if (r?.KeyRotationEnabled === undefined) return;
    keyComplete = true;
    put(keyArn, 'SecretsKey', {
      Type: 'AWS::KMS::Key',
      Properties: {
        Arn: keyArn,
        EnableKeyRotation: r.KeyRotationEnabled,
        ...(r.RotationPeriodInDays ? { RotationPeriodInDays: r.RotationPeriodInDays } : {}),
        ...(d?.KeyMetadata ? { Enabled: d.KeyMetadata.Enabled, KeyState: d.KeyMetadata.KeyState, KeyManager: d.KeyMetadata.KeyManager } : {}),
      },
    });
  };

  const account = async (): Promise<void> => {
    const scan = await attempt('ecr:GetRegistryScanningConfiguration', options.region, () => ecr.send(new ecrSdk.GetRegistryScanningConfigurationCommand({})));
    if (scan?.scanningConfiguration) {
      const c = scan.scanningConfiguration;
      resources.RegistryScanning = {
        Type: 'AWS::ECR::RegistryScanningConfiguration',
        Properties: {
          ScanType: c.scanType,
          Rules: (c.rules ?? []).map((r) => ({ ScanFrequency: r.scanFrequency, RepositoryFilters: (r.repositoryFilters ?? []).map((f) => ({ Filter: f.filter, FilterType: f.filterType })) })),
        },
      };
    }
    const ids: string[] = [];
    const listed = await attempt('guardduty:ListDetectors', options.region, async () => {
      for await (const p of gdSdk.paginateListDetectors({ client: gd }, {})) ids.push(...(p.DetectorIds ?? []));
      return true;
    });
    if (listed && ids.length === 0) {
      // No detector: GuardDuty is off in this region, which the rule reports as such.
      resources.GuardDuty = { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: false, Features: [] } };
    }
    for (const id of ids) {
      const det = await attempt('guardduty:GetDetector', id, () => gd.send(new gdSdk.GetDetectorCommand({ DetectorId: id })));
      if (!det) continue;
      resources[logicalId('GuardDuty', id)] = {
        Type: 'AWS::GuardDuty::Detector',
        Properties: { DetectorId: id, Enable: det.Status === 'ENABLED', Features: (det.Features ?? []).map((f) => ({ Name: f.Name, Status: f.Status })) },
      };
    }
    if (refs.interruptionQueue) {
      const queueName = refs.interruptionQueue;
      // SQS answering that the queue does not exist is evidence, not a gap: Karpenter is told to read a queue that is
      // not there, so spot interruption warnings reach no one. KARP-INTERRUPTION fails on the resource rendered here.
      let missing: string | undefined;
      const unlessMissing =
        <T>(fn: () => Promise<T>) =>
        async (): Promise<T | undefined> => {
          try {
            return await fn();
          } catch (e) {
            if (!isNotFound(e)) throw e;
            missing = answerOf(e);
            return undefined;
          }
        };
      const url = await attempt('sqs:GetQueueUrl', queueName, unlessMissing(() => sqs.send(new sqsSdk.GetQueueUrlCommand({ QueueName: queueName }))));
      if (url?.QueueUrl) {
        const attrs = await attempt('sqs:GetQueueAttributes', queueName, unlessMissing(() => sqs.send(new sqsSdk.GetQueueAttributesCommand({ QueueUrl: url.QueueUrl, AttributeNames: ['QueueArn', 'Policy', 'MessageRetentionPeriod', 'SqsManagedSseEnabled', 'KmsMasterKeyId'] }))));
        if (attrs?.Attributes) {
          const a = attrs.Attributes;
          let policy: unknown;
          try {
            policy = a.Policy ? JSON.parse(a.Policy) : undefined;
          } catch {
            policy = a.Policy;
          }
          resources[INTERRUPTION_QUEUE_ID] = {
            Type: 'AWS::SQS::Queue',
            Properties: { QueueName: queueName, QueueArn: a.QueueArn, MessageRetentionPeriod: a.MessageRetentionPeriod === undefined ? undefined : Number(a.MessageRetentionPeriod), SqsManagedSseEnabled: a.SqsManagedSseEnabled === 'true', ...(a.KmsMasterKeyId ? { KmsMasterKeyId: a.KmsMasterKeyId } : {}) },
            Metadata: { 'keelson.io/queue-policy': policy ?? null, 'keelson.io/eventbridge-can-send': JSON.stringify(policy ?? '').includes('events.amazonaws.com') },
          };
        }
      }
      if (missing !== undefined) resources[INTERRUPTION_QUEUE_ID] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: queueName }, Metadata: { [MISSING_METADATA]: missing } };
    }
  };

  try {
    await Promise.all([network().then(nodes), identity(), key(), account()]);
  } finally {
    for (const c of [ec2, iam, kms, ecr, gd, sqs]) c.destroy();
  }
  return { resources, logicalIds, keyComplete, gaps, calls };
}

/** What the Kubernetes side says about the account: IRSA roles of service accounts, Karpenter's node role and queue. */
export function kubeHints(objects: readonly Record<string, unknown>[]): { roles: Map<string, string[]>; nodeRoleNames: string[]; interruptionQueue?: string } {
  const roles = new Map<string, string[]>();
  const nodeRoleNames: string[] = [];
  let interruptionQueue: string | undefined;
  for (const o of objects) {
    const meta = (o.metadata ?? {}) as { name?: string; namespace?: string; annotations?: Record<string, string> };
    if (o.kind === 'ServiceAccount') {
      const arn = meta.annotations?.['eks.amazonaws.com/role-arn'];
      if (arn) roles.set(arn, [...(roles.get(arn) ?? []), `ServiceAccount ${meta.namespace ?? ''}/${meta.name ?? ''}`]);
    } else if (o.kind === 'EC2NodeClass') {
      const role = (o.spec as { role?: unknown } | undefined)?.role;
      if (typeof role === 'string' && role) nodeRoleNames.push(role);
    } else if (o.kind === 'Deployment' && (meta.name === 'karpenter' || meta.name?.endsWith('-karpenter'))) {
      const containers = ((o.spec as { template?: { spec?: { containers?: { env?: { name?: string; value?: string }[] }[] } } } | undefined)?.template?.spec?.containers) ?? [];
      for (const c of containers) for (const e of c.env ?? []) if (e.name === 'INTERRUPTION_QUEUE' && e.value) interruptionQueue = e.value;
    }
  }
  return { roles, nodeRoleNames, interruptionQueue };
}
