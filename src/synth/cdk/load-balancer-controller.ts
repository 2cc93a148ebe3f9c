import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { LBC_NAMESPACE, LBC_SERVICE_ACCOUNT } from '../manifests/load-balancer-controller.js';
import { cdk, constructs, iam } from './lib.js';
import { PodRole } from './pod-role.js';
import { awsLoadBalancerControllerPolicy } from './policies/aws-load-balancer-controller.js';

export interface LoadBalancerControllerRoleProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
}

/** The controller's own role (never the node role) with the policy the controller documents. */
export class LoadBalancerControllerRole extends constructs.Construct {
  readonly role: IAM.Role;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerRoleProps) {
    super(scope, id);
    const statements = awsLoadBalancerControllerPolicy(cdk.Stack.of(this).partition).map(
      (s) => new iam.PolicyStatement({ sid: s.sid, actions: [...s.actions], resources: [...s.resources], conditions: s.conditions }),
    );
    this.role = new PodRole(this, 'Controller', {
      cluster: props.cluster,
      namespace: LBC_NAMESPACE,
      serviceAccount: LBC_SERVICE_ACCOUNT,
      mode: 'podIdentity',
      createAssociation: true,
      description: `AWS Load Balancer Controller of ${props.definition.name} (${LBC_NAMESPACE}/${LBC_SERVICE_ACCOUNT})`,
      statements,
    }).role;
  }
}
