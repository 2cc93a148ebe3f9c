import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { ADOT_NAMESPACE, ADOT_SERVICE_ACCOUNT } from '../manifests/adot-collector.js';
import { constructs, iam } from './lib.js';
import { PodRole } from './pod-role.js';

export interface XRayTracingProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
}

/** The ADOT collector's role: it may send traces (and sampling queries) to X-Ray, nothing else. */
export class XRayTracing extends constructs.Construct {
  readonly collectorRole: IAM.Role;

  constructor(scope: Construct, id: string, props: XRayTracingProps) {
    super(scope, id);
    this.collectorRole = new PodRole(this, 'Collector', {
      cluster: props.cluster,
      namespace: ADOT_NAMESPACE,
      serviceAccount: ADOT_SERVICE_ACCOUNT,
      mode: 'podIdentity',
      createAssociation: true,
      description: `ADOT collector of ${props.definition.name}: traces to X-Ray`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXrayWriteOnlyAccess')],
    }).role;
  }
}
