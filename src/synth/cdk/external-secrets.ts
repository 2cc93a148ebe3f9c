import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { ESO_NAMESPACE, ESO_SERVICE_ACCOUNT } from '../manifests/external-secrets.js';
import { cdk, constructs, iam } from './lib.js';
import { PodRole } from './pod-role.js';

export interface ExternalSecretsRoleProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
}

/** What the operator needs to sync a secret it is pointed at; nothing lists or writes. */
export const ESO_SECRET_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'] as const;

/**
 * The operator's role reads only secrets whose names start with secretsPathPrefix. secretsmanager:ListSecrets is
 * left out: it cannot be scoped to a resource, so granting it would reveal every secret name in the account; the
 * operator needs it only for `find` by name pattern, and ExternalSecrets that name their keys work without it.
 */
export class ExternalSecretsRole extends constructs.Construct {
  readonly role: IAM.Role;

  constructor(scope: Construct, id: string, props: ExternalSecretsRoleProps) {
    super(scope, id);
    const d = props.definition;
    const prefix = d.externalSecrets.secretsPathPrefix;
    // The definition's refinements already reject this; the guard keeps the role from ever widening to "*".
    if (!prefix) throw new Error('externalSecrets.secretsPathPrefix is required when External Secrets is enabled');
    this.role = new PodRole(this, 'Operator', {
      cluster: props.cluster,
      namespace: ESO_NAMESPACE,
      serviceAccount: ESO_SERVICE_ACCOUNT,
      mode: 'podIdentity',
      createAssociation: true,
      description: `External Secrets Operator of ${d.name}: reads Secrets Manager secrets under ${prefix}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadSecretsUnderPrefix',
          actions: [...ESO_SECRET_ACTIONS],
          resources: [`arn:${cdk.Stack.of(this).partition}:secretsmanager:${d.region}:${d.account}:secret:${prefix}*`],
        }),
      ],
    }).role;
  }
}
