/** A live snapshot's AWS document as eks-gather renders it, for the LIVE-only rule tests. */
import { stringify } from 'yaml';
import { LIVE_METADATA, LIVE_GAPS_METADATA } from './eks-gather.js';

export function liveTemplate(o: { tags?: Record<string, string>; version?: string; nodegroups?: Record<string, unknown>[]; live?: boolean; resources?: Record<string, unknown> } = {}): string {
  const resources: Record<string, unknown> = {
    Cluster: {
      Type: 'AWS::EKS::Cluster',
      Properties: {
        Name: 'prod',
        Version: o.version ?? '1.33',
        ResourcesVpcConfig: { SubnetIds: [], EndpointPublicAccess: false, EndpointPrivateAccess: true },
        Logging: { ClusterLogging: { EnabledTypes: [] } },
        Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      },
    },
  };
  for (const [i, n] of (o.nodegroups ?? []).entries()) resources[`Nodegroup${i}`] = { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: 'prod', ...n } };
  Object.assign(resources, o.resources ?? {});
  return stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    ...(o.live === false ? {} : { Metadata: { [LIVE_METADATA]: { cluster: 'prod', region: 'us-east-1' }, [LIVE_GAPS_METADATA]: [] } }),
    Resources: resources,
  });
}

/** A node instance as aws-gather renders it. */
export function liveInstance(id: string, metadataOptions: Record<string, unknown>, tags: Record<string, string> = { 'eks:nodegroup-name': 'system' }): Record<string, unknown> {
  return { Type: 'AWS::EC2::Instance', Properties: { InstanceId: id, InstanceType: 'm7g.large', MetadataOptions: metadataOptions, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } };
}
