/** A live snapshot's AWS document as eks-gather renders it, for the LIVE-only rule tests. */
import { stringify } from 'yaml';
import { LIVE_METADATA, LIVE_GAPS_METADATA } from './eks-gather.js';

export function liveTemplate(o: { tags?: Record<string, string>; version?: string; nodegroups?: Record<string, unknown>[]; live?: boolean } = {}): string {
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
  return stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    ...(o.live === false ? {} : { Metadata: { [LIVE_METADATA]: { cluster: 'prod', region: 'us-east-1' }, [LIVE_GAPS_METADATA]: [] } }),
    Resources: resources,
  });
}
