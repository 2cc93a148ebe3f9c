import { afterEach, describe, expect, it } from 'vitest';
import { startFakeEks } from '../../../test/support/fake-eks-api.js';
import type { FakeEks, FakeEksOptions } from '../../../test/support/fake-eks-api.js';
import { emptyInventory } from '../inventory.js';
import { addFile } from '../read-inputs.js';
import { gatherEks } from './eks-gather.js';

let api: FakeEks | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
const cluster = {
  name: 'prod',
  arn: 'arn:aws:eks:us-east-1:123456789012:cluster/prod',
  version: '1.36',
  roleArn: 'arn:aws:iam::123456789012:role/prod-cluster',
  createdAt: 1767225600,
  resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2', 'subnet-3'], securityGroupIds: ['sg-1'], endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
  logging: { clusterLogging: [{ types: ['api', 'audit'], enabled: true }, { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: false }] },
  accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
  tags: { Environment: 'production' },
};
const base: FakeEksOptions = {
  cluster,
  nodegroups: Array.from({ length: 3 }, (_, i) => ({
    nodegroupName: `ng-${i}`,
    amiType: 'AL2_x86_64',
    capacityType: 'ON_DEMAND',
    instanceTypes: ['m5.large'],
    scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 },
    subnets: ['subnet-1'],
    taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
  })),
  addons: [{ addonName: 'vpc-cni', addonVersion: 'v1.20.0-eksbuild.1' }],
  accessEntries: ['arn:aws:iam::123456789012:role/admin'],
  pageSize: 2,
};

describe('gatherEks against the EKS API on 127.0.0.1 (real AWS SDK v3 client)', () => {
  it('renders the cluster, paginated node groups, add-ons and access entries as a CloudFormation-shaped document', async () => {
    api = await startFakeEks(base);
    const snap = await gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: api.url, credentials, account: false });
    const r = snap.template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(r.Cluster!.Properties.ResourcesVpcConfig).toMatchObject({ EndpointPublicAccess: true, PublicAccessCidrs: ['0.0.0.0/0'] });
    expect(r.Cluster!.Properties.Logging).toEqual({ ClusterLogging: { EnabledTypes: [{ Type: 'api' }, { Type: 'audit' }] } });
    expect(r.Cluster!.Properties).not.toHaveProperty('EncryptionConfig');
    expect(Object.values(r).filter((x) => x.Type === 'AWS::EKS::Nodegroup')).toHaveLength(3);
    expect(snap.gaps).toEqual([]);
    // Read-only, proven: every request is a GET (Describe/List), or ListInsights, the one List EKS serves on POST
    expect(api.requests.every((q) => q.method === 'GET' || (q.method === 'POST' && q.path.endsWith('/insights')))).toBe(true);
    expect(snap.calls.every((c) => /^eks:(Describe|List)/.test(c))).toBe(true);
  });

  it('AccessDenied on one call becomes a gap naming the permission; the rest is still read', async () => {
    api = await startFakeEks({ ...base, denied: ['addons'] });
    const snap = await gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: api.url, credentials, account: false });
    expect(snap.gaps).toEqual([expect.objectContaining({ what: 'eks:ListAddons prod', grant: 'eks:ListAddons' })]);
    expect((snap.template.Resources as Record<string, unknown>).Cluster).toBeTruthy();
  });

  it('throttling is retried by the SDK with backoff', async () => {
    api = await startFakeEks({ ...base, throttleOnce: ['cluster'] });
    const snap = await gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: api.url, credentials, account: false });
    expect(snap.gaps).toEqual([]);
    expect(api.requests.filter((q) => q.path === '/clusters/prod')).toHaveLength(2);
  });

  it('the live evidence feeds the same rules as files', async () => {
    api = await startFakeEks(base);
    const snap = await gatherEks({ clusterName: 'prod', region: 'us-east-1', endpoint: api.url, credentials, account: false });
    const inv = emptyInventory();
    addFile(inv, 'live-eks.json', new TextEncoder().encode(JSON.stringify(snap.template)));
    expect(inv.clusters).toHaveLength(1);
    expect(inv.clusters[0]!.source).toBe('cloudformation');
    expect(inv.nodeGroups.length).toBeGreaterThanOrEqual(3);
  });
});
