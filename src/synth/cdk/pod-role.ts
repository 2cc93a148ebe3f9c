import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import { cdk, constructs, eks, iam } from './lib.js';
import type { Construct } from 'constructs';

export interface PodRoleProps {
  readonly cluster: EKS.Cluster;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly mode: 'podIdentity' | 'irsa';
  readonly managedPolicies?: readonly IAM.IManagedPolicy[];
  readonly statements?: readonly IAM.PolicyStatement[];
  /** Add-ons get their association through the add-on itself; workloads get a PodIdentityAssociation. */
  readonly createAssociation: boolean;
  readonly description: string;
}

/**
 * An IAM role that exactly one Kubernetes service account can assume, by Pod Identity or IRSA. The trust is
 * never wider than that namespace and service account (the guide: "never use wildcards").
 */
export class PodRole extends constructs.Construct {
  readonly role: IAM.Role;

  constructor(scope: Construct, id: string, props: PodRoleProps) {
    super(scope, id);
    const { cluster, namespace, serviceAccount } = props;
    const principal = props.mode === 'irsa' ? this.irsaPrincipal(cluster, namespace, serviceAccount) : this.podIdentityPrincipal(cluster, namespace, serviceAccount);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: principal,
      description: props.description,
      managedPolicies: props.managedPolicies ? [...props.managedPolicies] : undefined,
    });
    if (props.statements && props.statements.length > 0) {
      this.role.attachInlinePolicy(new iam.Policy(this, 'Policy', { statements: [...props.statements] }));
    }
    if (props.mode === 'podIdentity' && props.createAssociation) {
      new eks.CfnPodIdentityAssociation(this, 'Association', {
        clusterName: cluster.clusterName,
        namespace,
        serviceAccount,
        roleArn: this.role.roleArn,
      });
    }
  }

  private podIdentityPrincipal(cluster: EKS.Cluster, namespace: string, serviceAccount: string): IAM.IPrincipal {
    // Pod Identity tags the session with the pod's namespace and service account; requiring both pins the trust.
    const service = new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com'));
    return new iam.PrincipalWithConditions(service, {
      StringEquals: {
        'aws:SourceAccount': cdk.Stack.of(this).account,
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': serviceAccount,
      },
      ArnEquals: { 'aws:SourceArn': cluster.clusterArn },
    });
  }

  private irsaPrincipal(cluster: EKS.Cluster, namespace: string, serviceAccount: string): IAM.IPrincipal {
    const provider = cluster.openIdConnectProvider;
    const issuer = cdk.Fn.select(1, cdk.Fn.split('https://', cluster.clusterOpenIdConnectIssuerUrl));
    // The issuer is only known at deploy time and CloudFormation forbids tokens in keys, hence cdk.CfnJson.
    const conditions = new cdk.CfnJson(this, 'TrustConditions', {
      value: {
        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    });
    return new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions });
  }
}
