/**
 * Reads an EKS cluster through the AWS SDK v3 (standard credential chain, region from flags or config) and renders
 * what it found as a CloudFormation-shaped document, so every DEF rule of `keelson check` runs on live evidence
 * through the reader it already has. With the account beside it (aws-gather.ts), the cluster's references (subnets,
 * roles, launch templates, the Secrets key) become `Ref`s to the resources read, as in a template that defines them.
 * Read-only: only Describe, List and Get calls.
 */
import { AWS_REQUEST_HANDLER, gapFor, gatherAccount, logicalId, mapLimit } from './aws-gather.js';
import type { AccountSnapshot } from './aws-gather.js';
import type { Addon, Cluster, FargateProfile, InsightSummary, Nodegroup, PodIdentityAssociation } from '@aws-sdk/client-eks';
import type { Gap } from './kube-gather.js';
import { SUPPORTED_ADDON_VERSIONS_KEY, UPGRADE_INSIGHTS_KEY } from '../cloudformation/cfn-cluster.js';

export interface EksGatherOptions {
  readonly clusterName: string;
  readonly region: string;
  /** For tests and VPC endpoints: the EKS API endpoint. @default the regional public endpoint */
  readonly endpoint?: string;
  /** Static credentials (tests); otherwise the standard chain: env, profiles, SSO, web identity, instance/container roles. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly maxAttempts?: number;
  /** Also read the account around the cluster (EC2, IAM, KMS, ECR, GuardDuty, SQS). @default true */
  readonly account?: boolean;
  /** For tests and VPC endpoints: the endpoint of EC2, IAM, KMS, ECR, GuardDuty and SQS. */
  readonly awsEndpoint?: string;
  /** What the Kubernetes side points at: IRSA roles, Karpenter's node roles and interruption queue. */
  readonly hints?: { readonly roles: ReadonlyMap<string, readonly string[]>; readonly nodeRoleNames: readonly string[]; readonly interruptionQueue?: string };
}

export interface EksSnapshot {
  /** A CloudFormation-shaped template of the cluster, its node groups, add-ons and access entries. */
  readonly template: Record<string, unknown>;
  readonly gaps: Gap[];
  readonly calls: string[];
}

export async function gatherEks(options: EksGatherOptions): Promise<EksSnapshot> {
  const eksSdk = await import('@aws-sdk/client-eks');
  const client = new eksSdk.EKSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
    requestHandler: AWS_REQUEST_HANDLER,
  });
  const gaps: Gap[] = [];
  const calls: string[] = [];
  const name = options.clusterName;

  async function attempt<T>(action: string, permission: string, fn: () => Promise<T>): Promise<T | undefined> {
    calls.push(action);
    try {
      return await fn();
    } catch (e) {
      gaps.push(gapFor(permission, action, e));
      return undefined;
    }
  }

  type Association = PodIdentityAssociation;
  let c: Cluster | undefined;
  const nodegroups: Nodegroup[] = [];
  const addons: Addon[] = [];
  const entries: { arn: string; type?: string }[] = [];
  const associations: Association[] = [];
  const fargate: FargateProfile[] = [];
  /** undefined when the insights could not be read: "no insight" and "not read" must not look alike. */
  let insights: InsightSummary[] | undefined;
  /** Add-on name -> the versions EKS offers and the Kubernetes versions each supports (only when that call succeeded). */
  const supported = new Map<string, { Versions: { Version: string; ClusterVersions: string[] }[] }>();
  try {
    c = (await attempt(`eks:DescribeCluster ${name}`, 'eks:DescribeCluster', () => client.send(new eksSdk.DescribeClusterCommand({ name }))))?.cluster;
    if (c) {
      const nodegroupNames: string[] = [];
      const addonNames: string[] = [];
      const entryArns: string[] = [];
      const summaries: { associationId?: string; namespace?: string; serviceAccount?: string }[] = [];
      const fargateNames: string[] = [];
      await Promise.all([
        attempt(`eks:ListFargateProfiles ${name}`, 'eks:ListFargateProfiles', async () => {
          for await (const page of eksSdk.paginateListFargateProfiles({ client }, { clusterName: name })) fargateNames.push(...(page.fargateProfileNames ?? []));
        }),
        // EKS upgrade insights are what EKS itself saw in the audit log: deprecated API calls no manifest shows.
        // ListInsights is a read (a List action), sent as POST only because its filter is a body.
        attempt(`eks:ListInsights ${name}`, 'eks:ListInsights', async () => {
          const read: InsightSummary[] = [];
          for await (const page of eksSdk.paginateListInsights({ client }, { clusterName: name, filter: { categories: ['UPGRADE_READINESS'] } })) read.push(...(page.insights ?? []));
          insights = read;
        }),
        attempt(`eks:ListNodegroups ${name}`, 'eks:ListNodegroups', async () => {
          for await (const page of eksSdk.paginateListNodegroups({ client }, { clusterName: name })) nodegroupNames.push(...(page.nodegroups ?? []));
        }),
        attempt(`eks:ListAddons ${name}`, 'eks:ListAddons', async () => {
          for await (const page of eksSdk.paginateListAddons({ client }, { clusterName: name })) addonNames.push(...(page.addons ?? []));
        }),
        attempt(`eks:ListAccessEntries ${name}`, 'eks:ListAccessEntries', async () => {
          for await (const page of eksSdk.paginateListAccessEntries({ client }, { clusterName: name })) entryArns.push(...(page.accessEntries ?? []));
        }),
        attempt(`eks:ListPodIdentityAssociations ${name}`, 'eks:ListPodIdentityAssociations', async () => {
          for await (const page of eksSdk.paginateListPodIdentityAssociations({ client }, { clusterName: name })) summaries.push(...(page.associations ?? []));
        }),
      ]);
      const limit = 4;
      await mapLimit(nodegroupNames.sort(), limit, async (ng) => {
        const n = (await attempt(`eks:DescribeNodegroup ${name}/${ng}`, 'eks:DescribeNodegroup', () => client.send(new eksSdk.DescribeNodegroupCommand({ clusterName: name, nodegroupName: ng }))))?.nodegroup;
        if (n) nodegroups.push(n);
      });
      await mapLimit(addonNames.sort(), limit, async (a) => {
        const addon = (await attempt(`eks:DescribeAddon ${name}/${a}`, 'eks:DescribeAddon', () => client.send(new eksSdk.DescribeAddonCommand({ clusterName: name, addonName: a }))))?.addon;
        if (addon) addons.push(addon);
        // Every version EKS offers for this add-on with the Kubernetes versions each supports: the authority
        // UPG-ADDON-COMPAT judges by live, for the cluster's version or an upgrade's target.
        if (addon) {
          const versions: { Version: string; ClusterVersions: string[] }[] = [];
          const read = await attempt(`eks:DescribeAddonVersions ${a}`, 'eks:DescribeAddonVersions', async () => {
            for await (const page of eksSdk.paginateDescribeAddonVersions({ client }, { addonName: a })) {
              for (const info of page.addons ?? []) {
                for (const v of info.addonVersions ?? []) {
                  if (v.addonVersion) versions.push({ Version: v.addonVersion, ClusterVersions: (v.compatibilities ?? []).flatMap((x) => (x.clusterVersion ? [x.clusterVersion] : [])) });
                }
              }
            }
            return true;
          });
          // An empty list means EKS does not catalogue this add-on (a Marketplace add-on): nothing to judge by.
          if (read && versions.length > 0) supported.set(a, { Versions: versions });
        }
      });
      await mapLimit(entryArns.sort(), limit, async (arn) => {
        // The entry's type tells a node role (EC2_LINUX, e.g. Karpenter's) from a person's or a tool's.
        const e = (await attempt(`eks:DescribeAccessEntry ${name} ${arn}`, 'eks:DescribeAccessEntry', () => client.send(new eksSdk.DescribeAccessEntryCommand({ clusterName: name, principalArn: arn }))))?.accessEntry;
        entries.push({ arn, type: e?.type });
      });
      await mapLimit(fargateNames.sort(), limit, async (f) => {
        const p = (await attempt(`eks:DescribeFargateProfile ${name}/${f}`, 'eks:DescribeFargateProfile', () => client.send(new eksSdk.DescribeFargateProfileCommand({ clusterName: name, fargateProfileName: f }))))?.fargateProfile;
        if (p) fargate.push(p);
      });
      await mapLimit(summaries, limit, async (p) => {
        if (!p.associationId) return;
        const id = p.associationId;
        const a = (await attempt(`eks:DescribePodIdentityAssociation ${name} ${id}`, 'eks:DescribePodIdentityAssociation', () => client.send(new eksSdk.DescribePodIdentityAssociationCommand({ clusterName: name, associationId: id }))))?.association;
        associations.push(a ?? { namespace: p.namespace, serviceAccount: p.serviceAccount, associationId: id });
      });
    }
  } finally {
    client.destroy();
  }
  nodegroups.sort((a, b) => String(a.nodegroupName).localeCompare(String(b.nodegroupName)));
  addons.sort((a, b) => String(a.addonName).localeCompare(String(b.addonName)));
  entries.sort((a, b) => a.arn.localeCompare(b.arn));
  associations.sort((a, b) => `${a.namespace}/${a.serviceAccount}`.localeCompare(`${b.namespace}/${b.serviceAccount}`));

  let account: AccountSnapshot | undefined;
  if (c && options.account !== false) {
    const roles = new Map<string, string[]>();
    const use = (arn: string | undefined, what: string): void => {
      if (arn) roles.set(arn, [...(roles.get(arn) ?? []), what]);
    };
    use(c.roleArn, 'cluster');
    for (const n of nodegroups) use(n.nodeRole, `node group ${n.nodegroupName ?? ''}`);
    for (const a of addons) use(a.serviceAccountRoleArn, `add-on ${a.addonName ?? ''}`);
    for (const e of entries) if (e.type === 'EC2_LINUX' || e.type === 'EC2_WINDOWS') use(e.arn, 'nodes (access entry)');
    for (const p of associations) use(p.roleArn, `Pod Identity ${p.namespace ?? ''}/${p.serviceAccount ?? ''}`);
    for (const f of fargate) use(f.podExecutionRoleArn, `Fargate profile ${f.fargateProfileName ?? ''}`);
    for (const [arn, users] of options.hints?.roles ?? []) for (const u of users) use(arn, u);
    const accountId = c.arn?.split(':')[4];
    const partition = c.arn?.split(':')[1] ?? 'aws';
    if (accountId) for (const r of options.hints?.nodeRoleNames ?? []) use(`arn:${partition}:iam::${accountId}:role/${r}`, 'nodes (EC2NodeClass)');
    const vpc = c.resourcesVpcConfig ?? {};
    account = await gatherAccount(
      {
        clusterName: name,
        vpcId: vpc.vpcId,
        subnetIds: [...new Set([...(vpc.subnetIds ?? []), ...nodegroups.flatMap((n) => n.subnets ?? []), ...fargate.flatMap((f) => f.subnets ?? [])])],
        securityGroupIds: [...new Set([...(vpc.securityGroupIds ?? []), ...(vpc.clusterSecurityGroupId ? [vpc.clusterSecurityGroupId] : [])])],
        keyArn: c.encryptionConfig?.find((e) => e.resources?.includes('secrets'))?.provider?.keyArn,
        oidcIssuer: c.identity?.oidc?.issuer,
        launchTemplates: nodegroups.flatMap((n) => (n.launchTemplate?.id ? [{ id: n.launchTemplate.id, version: n.launchTemplate.version }] : [])),
        roles,
        interruptionQueue: options.hints?.interruptionQueue,
      },
      { region: options.region, endpoint: options.awsEndpoint, credentials: options.credentials, maxAttempts: options.maxAttempts },
    );
    gaps.push(...account.gaps);
    calls.push(...account.calls);
  }

  const ids = account?.logicalIds ?? new Map<string, string>();
  // A reference to something read becomes a Ref, as in a template that defines it; anything else stays as read.
  const ref = (physical: string | undefined): unknown => (physical && ids.has(physical) ? { Ref: ids.get(physical) } : physical);
  const arnOf = (physical: string | undefined): unknown => (physical && ids.has(physical) ? { 'Fn::GetAtt': [ids.get(physical), 'Arn'] } : physical);

  const resources: Record<string, unknown> = {};
  if (c) {
    const vpc = c.resourcesVpcConfig ?? {};
    const enabledLogs = (c.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []);
    resources.Cluster = {
      Type: 'AWS::EKS::Cluster',
      Properties: {
        Name: c.name,
        Version: c.version,
        RoleArn: arnOf(c.roleArn),
        ResourcesVpcConfig: {
          ...(vpc.vpcId ? { VpcId: vpc.vpcId } : {}),
          SubnetIds: (vpc.subnetIds ?? []).map(ref),
          SecurityGroupIds: vpc.securityGroupIds ?? [],
          ...(vpc.clusterSecurityGroupId ? { ClusterSecurityGroupId: vpc.clusterSecurityGroupId } : {}),
          EndpointPublicAccess: vpc.endpointPublicAccess ?? false,
          EndpointPrivateAccess: vpc.endpointPrivateAccess ?? false,
          ...(vpc.endpointPublicAccess ? { PublicAccessCidrs: vpc.publicAccessCidrs ?? [] } : {}),
        },
        ...(c.encryptionConfig?.length
          ? {
              EncryptionConfig: c.encryptionConfig.map((e) => ({
                // Only a key whose rotation was read is referenced: the rule then judges the rotation, not a guess.
                Provider: { KeyArn: account?.keyComplete && e.resources?.includes('secrets') ? { 'Fn::GetAtt': ['SecretsKey', 'Arn'] } : e.provider?.keyArn },
                Resources: e.resources ?? [],
              })),
            }
          : {}),
        Logging: { ClusterLogging: { EnabledTypes: enabledLogs.map((t) => ({ Type: t })) } },
        AccessConfig: { AuthenticationMode: c.accessConfig?.authenticationMode },
        KubernetesNetworkConfig: { ServiceIpv4Cidr: c.kubernetesNetworkConfig?.serviceIpv4Cidr, IpFamily: c.kubernetesNetworkConfig?.ipFamily },
        ...(c.identity?.oidc?.issuer ? { OidcIssuer: c.identity.oidc.issuer } : {}),
        ...(c.platformVersion ? { PlatformVersion: c.platformVersion } : {}),
        ...(c.upgradePolicy?.supportType ? { UpgradePolicy: { SupportType: c.upgradePolicy.supportType } } : {}),
        Tags: Object.entries(c.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      },
      ...(insights
        ? {
            Metadata: {
              [UPGRADE_INSIGHTS_KEY]: [...insights]
                .sort((a, b) => String(a.name).localeCompare(String(b.name)))
                .map((i) => ({
                  Name: i.name,
                  KubernetesVersion: i.kubernetesVersion,
                  Status: i.insightStatus?.status,
                  Reason: i.insightStatus?.reason,
                  Description: i.description,
                })),
            },
          }
        : {}),
    };
  }

  for (const n of nodegroups) {
    const ng = n.nodegroupName ?? '';
    resources[logicalId('Nodegroup', ng)] = {
      Type: 'AWS::EKS::Nodegroup',
      Properties: {
        ClusterName: name,
        NodegroupName: n.nodegroupName,
        AmiType: n.amiType,
        CapacityType: n.capacityType,
        InstanceTypes: n.instanceTypes ?? [],
        NodeRole: arnOf(n.nodeRole),
        Subnets: (n.subnets ?? []).map(ref),
        ScalingConfig: { MinSize: n.scalingConfig?.minSize, MaxSize: n.scalingConfig?.maxSize, DesiredSize: n.scalingConfig?.desiredSize },
        Labels: n.labels ?? {},
        Taints: (n.taints ?? []).map((t) => ({ Key: t.key, Value: t.value, Effect: t.effect })),
        ...(n.diskSize ? { DiskSize: n.diskSize } : {}),
        ...(n.launchTemplate ? { LaunchTemplate: { Id: ref(n.launchTemplate.id), ...(n.launchTemplate.name ? { Name: n.launchTemplate.name } : {}), Version: n.launchTemplate.version } } : {}),
        ...(n.updateConfig ? { UpdateConfig: { MaxUnavailable: n.updateConfig.maxUnavailable, MaxUnavailablePercentage: n.updateConfig.maxUnavailablePercentage } } : {}),
        Version: n.version,
        ReleaseVersion: n.releaseVersion,
      },
    };
  }

  for (const addon of addons) {
    resources[logicalId('Addon', addon.addonName ?? '')] = {
      Type: 'AWS::EKS::Addon',
      Properties: {
        ClusterName: name,
        AddonName: addon.addonName,
        AddonVersion: addon.addonVersion,
        ...(addon.serviceAccountRoleArn ? { ServiceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
        ...(addon.configurationValues ? { ConfigurationValues: addon.configurationValues } : {}),
        ...(addon.podIdentityAssociations?.length ? { PodIdentityAssociations: addon.podIdentityAssociations.map((arn) => ({ AssociationArn: arn })) } : {}),
      },
      ...(supported.has(addon.addonName ?? '') ? { Metadata: { [SUPPORTED_ADDON_VERSIONS_KEY]: supported.get(addon.addonName ?? '') } } : {}),
    };
  }

  for (const e of entries) {
    resources[logicalId('AccessEntry', e.arn.split('/').pop() ?? e.arn)] = { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: name, PrincipalArn: arnOf(e.arn), ...(e.type ? { Type: e.type } : {}) } };
  }

  for (const p of associations) {
    resources[logicalId('PodIdentity', `${p.namespace ?? ''}${p.serviceAccount ?? ''}`)] = {
      Type: 'AWS::EKS::PodIdentityAssociation',
      Properties: { ClusterName: name, Namespace: p.namespace, ServiceAccount: p.serviceAccount, ...(p.roleArn ? { RoleArn: arnOf(p.roleArn) } : {}) },
    };
  }
  fargate.sort((a, b) => String(a.fargateProfileName).localeCompare(String(b.fargateProfileName)));
  for (const f of fargate) {
    resources[logicalId('FargateProfile', f.fargateProfileName ?? '')] = {
      Type: 'AWS::EKS::FargateProfile',
      Properties: {
        ClusterName: name,
        FargateProfileName: f.fargateProfileName,
        PodExecutionRoleArn: arnOf(f.podExecutionRoleArn),
        Subnets: (f.subnets ?? []).map(ref),
        Selectors: (f.selectors ?? []).map((x) => ({ Namespace: x.namespace, ...(x.labels && Object.keys(x.labels).length ? { Labels: Object.entries(x.labels).map(([Key, Value]) => ({ Key, Value })) } : {}) })),
      },
    };
  }
  Object.assign(resources, account?.resources ?? {});

  const affected = [...new Set(gaps.flatMap((g) => g.rules ?? []))].sort();
  return {
    template: {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `keelson live snapshot of EKS cluster ${name} in ${options.region}`,
      // The marker and the gaps travel with the snapshot: an offline check knows what was not read and which rules that leaves undecided.
      Metadata: { [LIVE_METADATA]: { cluster: name, region: options.region, account: c?.arn?.split(':')[4] }, [LIVE_GAPS_METADATA]: gaps, ...(affected.length ? { 'keelson.io/undecided-rules': affected } : {}) },
      Resources: resources,
    },
    gaps,
    calls,
  };
}

/** Template Metadata keys of a live snapshot's AWS document. */
export const LIVE_METADATA = 'keelson.io/live';
export const LIVE_GAPS_METADATA = 'keelson.io/live-gaps';
