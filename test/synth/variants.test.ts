/** Definition changes produce the right infrastructure, and every variant still validates with zero errors. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../../src/model/parse.js';
import type { ClusterDefinitionInput } from '../../src/model/schema.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { at, onlyResource, resourcesOfType } from '../../src/synth/template-query.js';
import type { CfnTemplate } from '../../src/synth/template-query.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-variants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const base = { name: 'variant', account: '123456789012', region: 'eu-west-1' };
let n = 0;

async function template(override: Partial<ClusterDefinitionInput>, validate = false): Promise<CfnTemplate & { errors: number }> {
  const r = await synthesize(parseDefinition({ ...base, ...override }), { outDir: path.join(tmp, `v${++n}`), validate });
  return { ...(JSON.parse(readFileSync(r.templateFile, 'utf8')) as CfnTemplate), errors: r.validation.errors };
}

describe('definition changes', () => {
  it('a public endpoint restricted to listed CIDRs', async () => {
    const t = await template({ endpoint: { publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } });
    const c = onlyResource(t, 'AWS::EKS::Cluster');
    expect(at(c, 'Properties.ResourcesVpcConfig.EndpointPublicAccess')).toBe(true);
    expect(at(c, 'Properties.ResourcesVpcConfig.EndpointPrivateAccess')).toBe(true);
    expect(at(c, 'Properties.ResourcesVpcConfig.PublicAccessCidrs')).toEqual(['203.0.113.0/24']);
  });

  it('IRSA for add-ons: service-account role ARNs instead of Pod Identity associations', async () => {
    const t = await template({ addonIdentityMode: 'irsa', addons: { efsCsi: { enabled: true } } });
    const cni = onlyResource(t, 'AWS::EKS::Addon', (r) => r.Properties?.AddonName === 'vpc-cni');
    expect(at(cni, 'Properties.ServiceAccountRoleArn')).toBeTruthy();
    expect(at(cni, 'Properties.PodIdentityAssociations')).toBeUndefined();
    expect(resourcesOfType(t, 'AWS::IAM::OIDCProvider')).toHaveLength(1);
    const conditions = resourcesOfType(t, 'Custom::AWSCDKCfnJson').map(([, r]) => JSON.stringify(r.Properties?.Value));
    expect(conditions.some((c) => c.includes('system:serviceaccount:kube-system:aws-node'))).toBe(true);
    expect(conditions.some((c) => c.includes('system:serviceaccount:kube-system:efs-csi-controller-sa'))).toBe(true);
  });

  it('an existing VPC: no VPC is created and the cluster uses the given subnets', async () => {
    const ids = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2', 'subnet-0aaaaaaaaaaaaaaa3'];
    const t = await template({ network: { existing: { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.20.0.0/16', privateSubnetIds: ids }, availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } });
    expect(resourcesOfType(t, 'AWS::EC2::VPC')).toHaveLength(0);
    expect(at(onlyResource(t, 'AWS::EKS::Cluster'), 'Properties.ResourcesVpcConfig.SubnetIds')).toEqual(ids);
    expect(at(onlyResource(t, 'AWS::EKS::Nodegroup'), 'Properties.Subnets')).toEqual(ids);
  });

  it('a secondary 100.64.0.0/10 pod CIDR turns on custom networking', async () => {
    const t = await template({ network: { podSubnets: { cidr: '100.64.0.0/16', subnetPrefix: 18 } } });
    expect(at(onlyResource(t, 'AWS::EC2::VPCCidrBlock'), 'Properties.CidrBlock')).toBe('100.64.0.0/16');
    const podSubnets = resourcesOfType(t, 'AWS::EC2::Subnet').filter(([, r]) => String(r.Properties?.CidrBlock).startsWith('100.64.'));
    expect(podSubnets.map(([, r]) => r.Properties?.CidrBlock)).toEqual(['100.64.0.0/18', '100.64.64.0/18', '100.64.128.0/18']);
    const cni = JSON.parse(String(at(onlyResource(t, 'AWS::EKS::Addon', (r) => r.Properties?.AddonName === 'vpc-cni'), 'Properties.ConfigurationValues'))) as { env: Record<string, string> };
    expect(cni.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG).toBe('true');
    expect(cni.env.ENI_CONFIG_LABEL_DEF).toBe('topology.kubernetes.io/zone');
    // AND one ENIConfig per zone, named after the zone, applied by the CDK app (subnet IDs exist only at deploy)
    const manifest = resourcesOfType(t, 'Custom::AWSCDK-EKS-KubernetesResource').map(([, r]) => JSON.stringify(r.Properties?.Manifest));
    expect(manifest).toHaveLength(1);
    for (const az of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      expect(manifest[0]).toMatch(new RegExp(`ENIConfig.{1,10}metadata.{1,10}name.{1,8}${az}`));
    }
    expect(manifest[0]).toContain('PodSubnet3');
  });

  it('the default cluster has no kubectl Lambda', async () => {
    const t = await template({});
    expect(resourcesOfType(t, 'AWS::Lambda::LayerVersion')).toHaveLength(0);
    expect(resourcesOfType(t, 'Custom::AWSCDK-EKS-KubernetesResource')).toHaveLength(0);
  });

  it('a given KMS key is used instead of a new one', async () => {
    const arn = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const t = await template({ encryption: { kmsKeyArn: arn } });
    expect(resourcesOfType(t, 'AWS::KMS::Key')).toHaveLength(0);
    expect(at(onlyResource(t, 'AWS::EKS::Cluster'), 'Properties.EncryptionConfig[0].Provider.KeyArn')).toBe(arn);
  });

  it('API_AND_CONFIG_MAP, a single NAT gateway and CoreDNS sized for 400 nodes', async () => {
    const t = await template({ access: { authenticationMode: 'API_AND_CONFIG_MAP' }, network: { natGateways: 'single' }, addons: { coreDns: { expectedNodes: 400 } } });
    expect(at(onlyResource(t, 'AWS::EKS::Cluster'), 'Properties.AccessConfig.AuthenticationMode')).toBe('API_AND_CONFIG_MAP');
    expect(resourcesOfType(t, 'AWS::EC2::NatGateway')).toHaveLength(1);
    const dns = JSON.parse(String(at(onlyResource(t, 'AWS::EKS::Addon', (r) => r.Properties?.AddonName === 'coredns'), 'Properties.ConfigurationValues'))) as { replicaCount: number };
    expect(dns.replicaCount).toBe(8);
  });

  it('every option at once still passes CloudFormation validation with zero errors', async () => {
    const t = await template(
      {
        endpoint: { publicAccess: true, publicAccessCidrs: ['198.51.100.0/24'] },
        network: { podSubnets: { cidr: '100.64.0.0/16' } },
        addonIdentityMode: 'irsa',
        addons: { efsCsi: { enabled: true }, cloudWatchObservability: { enabled: true } },
        workloadIdentities: [{ namespace: 'jobs', serviceAccount: 'etl', managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] }],
      },
      true,
    );
    expect(t.errors).toBe(0);
  });
});
