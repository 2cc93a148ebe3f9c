/**
 * Reads an EKS cluster through the AWS SDK v3 (standard credential chain, region from flags or config) and renders
 * what it found as a CloudFormation-shaped document, so every DEF rule of `keelson check` runs on live evidence
 * through the reader it already has. Read-only: only Describe and List calls.
 */
import type { Gap } from './kube-gather.js';

export interface EksGatherOptions {
  readonly clusterName: string;
  readonly region: string;
  /** For tests and VPC endpoints: the EKS API endpoint. @default the regional public endpoint */
  readonly endpoint?: string;
  /** Static credentials (tests); otherwise the standard chain: env, profiles, SSO, web identity, instance/container roles. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly maxAttempts?: number;
}

export interface EksSnapshot {
  /** A CloudFormation-shaped template of the cluster, its node groups, add-ons and access entries. */
  readonly template: Record<string, unknown>;
  readonly gaps: Gap[];
  readonly calls: string[];
}

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function logicalId(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, '')}`;
}

export async function gatherEks(options: EksGatherOptions): Promise<EksSnapshot> {
  const eksSdk = await import('@aws-sdk/client-eks');
  const client = new eksSdk.EKSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 5,
  });
  const gaps: Gap[] = [];
  const calls: string[] = [];
  const resources: Record<string, unknown> = {};
  const name = options.clusterName;

  async function attempt<T>(action: string, permission: string, fn: () => Promise<T>): Promise<T | undefined> {
    calls.push(action);
    try {
      return await fn();
    } catch (e) {
      const err = e as AwsError;
      const denied = err.name === 'AccessDeniedException' || err.name === 'AccessDenied' || err.$metadata?.httpStatusCode === 403;
      gaps.push({ what: action, reason: denied ? `access denied: ${err.message ?? ''}`.trim() : `${err.name ?? 'error'}: ${err.message ?? String(e)}`, grant: denied ? permission : undefined });
      return undefined;
    }
  }

  const described = await attempt(`eks:DescribeCluster ${name}`, 'eks:DescribeCluster', () => client.send(new eksSdk.DescribeClusterCommand({ name })));
  const c = described?.cluster;
  if (c) {
    const vpc = c.resourcesVpcConfig ?? {};
    const enabledLogs = (c.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []);
    resources.Cluster = {
      Type: 'AWS::EKS::Cluster',
      Properties: {
        Name: c.name,
        Version: c.version,
        RoleArn: c.roleArn,
        ResourcesVpcConfig: {
          SubnetIds: vpc.subnetIds ?? [],
          SecurityGroupIds: vpc.securityGroupIds ?? [],
          EndpointPublicAccess: vpc.endpointPublicAccess ?? false,
          EndpointPrivateAccess: vpc.endpointPrivateAccess ?? false,
          ...(vpc.endpointPublicAccess ? { PublicAccessCidrs: vpc.publicAccessCidrs ?? [] } : {}),
        },
        ...(c.encryptionConfig?.length
          ? { EncryptionConfig: c.encryptionConfig.map((e) => ({ Provider: { KeyArn: e.provider?.keyArn }, Resources: e.resources ?? [] })) }
          : {}),
        Logging: { ClusterLogging: { EnabledTypes: enabledLogs.map((t) => ({ Type: t })) } },
        AccessConfig: { AuthenticationMode: c.accessConfig?.authenticationMode },
        KubernetesNetworkConfig: { ServiceIpv4Cidr: c.kubernetesNetworkConfig?.serviceIpv4Cidr, IpFamily: c.kubernetesNetworkConfig?.ipFamily },
        Tags: Object.entries(c.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      },
    };
  }

  const nodegroupNames: string[] = [];
  await attempt(`eks:ListNodegroups ${name}`, 'eks:ListNodegroups', async () => {
    for await (const page of eksSdk.paginateListNodegroups({ client }, { clusterName: name })) nodegroupNames.push(...(page.nodegroups ?? []));
  });
  for (const ng of nodegroupNames.sort()) {
    const r = await attempt(`eks:DescribeNodegroup ${name}/${ng}`, 'eks:DescribeNodegroup', () => client.send(new eksSdk.DescribeNodegroupCommand({ clusterName: name, nodegroupName: ng })));
    const n = r?.nodegroup;
    if (!n) continue;
    resources[logicalId('Nodegroup', ng)] = {
      Type: 'AWS::EKS::Nodegroup',
      Properties: {
        ClusterName: name,
        NodegroupName: n.nodegroupName,
        AmiType: n.amiType,
        CapacityType: n.capacityType,
        InstanceTypes: n.instanceTypes ?? [],
        NodeRole: n.nodeRole,
        Subnets: n.subnets ?? [],
        ScalingConfig: { MinSize: n.scalingConfig?.minSize, MaxSize: n.scalingConfig?.maxSize, DesiredSize: n.scalingConfig?.desiredSize },
        Labels: n.labels ?? {},
        Taints: (n.taints ?? []).map((t) => ({ Key: t.key, Value: t.value, Effect: t.effect })),
        ...(n.diskSize ? { DiskSize: n.diskSize } : {}),
        ...(n.launchTemplate ? { LaunchTemplate: { Id: n.launchTemplate.id, Version: n.launchTemplate.version } } : {}),
        Version: n.version,
        ReleaseVersion: n.releaseVersion,
      },
    };
  }

  const addonNames: string[] = [];
  await attempt(`eks:ListAddons ${name}`, 'eks:ListAddons', async () => {
    for await (const page of eksSdk.paginateListAddons({ client }, { clusterName: name })) addonNames.push(...(page.addons ?? []));
  });
  for (const a of addonNames.sort()) {
    const r = await attempt(`eks:DescribeAddon ${name}/${a}`, 'eks:DescribeAddon', () => client.send(new eksSdk.DescribeAddonCommand({ clusterName: name, addonName: a })));
    const addon = r?.addon;
    if (!addon) continue;
    resources[logicalId('Addon', a)] = {
      Type: 'AWS::EKS::Addon',
      Properties: {
        ClusterName: name,
        AddonName: addon.addonName,
        AddonVersion: addon.addonVersion,
        ...(addon.serviceAccountRoleArn ? { ServiceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
        ...(addon.configurationValues ? { ConfigurationValues: addon.configurationValues } : {}),
        ...(addon.podIdentityAssociations?.length ? { PodIdentityAssociations: addon.podIdentityAssociations.map((arn) => ({ AssociationArn: arn })) } : {}),
      },
    };
  }

  const entries: string[] = [];
  await attempt(`eks:ListAccessEntries ${name}`, 'eks:ListAccessEntries', async () => {
    for await (const page of eksSdk.paginateListAccessEntries({ client }, { clusterName: name })) entries.push(...(page.accessEntries ?? []));
  });
  for (const arn of entries.sort()) {
    resources[logicalId('AccessEntry', arn.split('/').pop() ?? arn)] = { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: name, PrincipalArn: arn } };
  }

  const associations: { namespace?: string; serviceAccount?: string; associationArn?: string }[] = [];
  await attempt(`eks:ListPodIdentityAssociations ${name}`, 'eks:ListPodIdentityAssociations', async () => {
    for await (const page of eksSdk.paginateListPodIdentityAssociations({ client }, { clusterName: name })) associations.push(...(page.associations ?? []));
  });
  for (const p of associations) {
    resources[logicalId('PodIdentity', `${p.namespace ?? ''}${p.serviceAccount ?? ''}`)] = {
      Type: 'AWS::EKS::PodIdentityAssociation',
      Properties: { ClusterName: name, Namespace: p.namespace, ServiceAccount: p.serviceAccount },
    };
  }
  client.destroy();

  return {
    template: { AWSTemplateFormatVersion: '2010-09-09', Description: `keelson live snapshot of EKS cluster ${name} in ${options.region}`, Resources: resources },
    gaps,
    calls,
  };
}
