import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { teamGroup } from '../manifests/access.js';
import { constructs, eks } from './lib.js';

export interface ClusterAccessProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
}

/**
 * Access entries (the API the guide prefers to aws-auth): break-glass admins are the only cluster admins, readers
 * get AmazonEKSViewPolicy, and each team role maps to a Kubernetes group that RBAC binds in its namespaces only.
 */
export class ClusterAccess extends constructs.Construct {
  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    const { cluster, definition: d } = props;
    const clusterScope = { accessScopeType: eks.AccessScopeType.CLUSTER };
    d.access.adminPrincipalArns.forEach((arn, i) => {
      new eks.AccessEntry(this, `Admin${i + 1}`, {
        cluster,
        principal: arn,
        accessPolicies: [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', clusterScope)],
      });
    });
    d.access.readOnlyPrincipalArns.forEach((arn, i) => {
      new eks.AccessEntry(this, `ReadOnly${i + 1}`, {
        cluster,
        principal: arn,
        accessPolicies: [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSViewPolicy', clusterScope)],
      });
    });
    for (const t of d.teams) {
      if (!t.roleArn) continue;
      new eks.CfnAccessEntry(this, `Team-${t.name}`, {
        clusterName: cluster.clusterName,
        principalArn: t.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [teamGroup(t.name)],
      });
    }
  }
}
