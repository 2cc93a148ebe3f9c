import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type * as KMS from 'aws-cdk-lib/aws-kms';
import { cdk, constructs, cxapi, eks, iam, kms, kubectlLayer } from './lib.js';
import type { Construct } from 'constructs';
import { parseDefinition } from '../../model/parse.js';
import type { ClusterDefinition, ClusterDefinitionInput } from '../../model/schema.js';
import { AccountSecurity } from './account-security.js';
import { ClusterAddons } from './addons.js';
import { ClusterNetwork } from './network.js';
import { PodRole } from './pod-role.js';
import { SystemNodeGroup } from './system-node-group.js';
import { KarpenterInfra } from './karpenter.js';
import { ClusterAccess } from './access.js';
import { ContainerLogs } from './container-logs.js';
import { XRayTracing } from './xray-tracing.js';
import { ManagedPrometheus } from './managed-prometheus.js';
import { LoadBalancerControllerRole } from './load-balancer-controller.js';
import { ExternalSecretsRole } from './external-secrets.js';
import { applyComponents } from './in-cluster.js';
import { buildComponents } from '../manifests/index.js';
import { workloadRoleName } from '../names.js';

export interface ProductionClusterProps {
  /** A keelson definition: either as written (defaults are applied) or already parsed. */
  readonly definition: ClusterDefinitionInput | ClusterDefinition;
}

/** The CDK app applies Kubernetes objects itself only where GitOps cannot: ENIConfigs name subnets known at deploy. */
export function needsKubectl(d: ClusterDefinition): boolean {
  return Boolean(d.network.podSubnets) || d.delivery === 'cdk';
}

export function availabilityZonesOf(d: ClusterDefinition): string[] {
  return d.network.availabilityZones ?? (d.network.existing ? [] : ['a', 'b', 'c'].map((s) => `${d.region}${s}`));
}

/**
 * A production EKS cluster as the guide describes it. Drop it into any CDK stack:
 * `new ProductionCluster(stack, 'Prod', { definition })`.
 */
export class ProductionCluster extends constructs.Construct {
  readonly definition: ClusterDefinition;
  readonly cluster: EKS.Cluster;
  readonly network: ClusterNetwork;
  readonly secretsKey: KMS.IKey;
  readonly systemNodes: SystemNodeGroup;
  readonly addons: ClusterAddons;
  readonly workloadRoles: Record<string, IAM.Role> = {};
  readonly karpenter?: KarpenterInfra;

  constructor(scope: Construct, id: string, props: ProductionClusterProps) {
    super(scope, id);
    // Native OIDC provider: no custom-resource Lambda for IRSA.
    this.node.setContext(cxapi.EKS_USE_NATIVE_OIDC_PROVIDER, true);
    const d = (this.definition = parseDefinition(props.definition));
    const azs = availabilityZonesOf(d);

    this.network = new ClusterNetwork(this, 'Network', { definition: d, availabilityZones: azs });
    this.secretsKey = d.encryption.kmsKeyArn
      ? kms.Key.fromKeyArn(this, 'SecretsKey', d.encryption.kmsKeyArn)
      : new kms.Key(this, 'SecretsKey', {
          description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${d.name}`,
          enableKeyRotation: true,
          pendingWindow: cdk.Duration.days(30),
          alias: `alias/${d.name}-eks-secrets`,
          removalPolicy: cdk.RemovalPolicy.RETAIN,
        });

    const publicCidrs = d.endpoint.publicAccessCidrs.length > 0 ? d.endpoint.publicAccessCidrs : ['0.0.0.0/0'];
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: d.name,
      version: eks.KubernetesVersion.of(d.kubernetesVersion),
      vpc: this.network.vpc,
      vpcSubnets: [this.network.nodeSubnets],
      endpointAccess: d.endpoint.publicAccess ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...publicCidrs) : eks.EndpointAccess.PRIVATE,
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: d.logging.types.map((t) => t as EKS.ClusterLoggingTypes),
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      bootstrapClusterCreatorAdminPermissions: false,
      serviceIpv4Cidr: d.network.serviceCidr,
      tags: d.tags,
      // Only what must be applied inside the cluster by the CDK app needs the kubectl Lambda (and its 37 MB layer).
      kubectlProviderOptions: needsKubectl(d) ? { kubectlLayer: new kubectlLayer.KubectlV36Layer(this, 'KubectlLayer') } : undefined,
    });
    cdk.Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'EKS still requires EncryptionConfig.Resources = ["secrets"]; aws-eks-v2 sets it and the EKS API rejects a config without it',
    });
    if (d.access.authenticationMode !== 'API') {
      (this.cluster.node.defaultChild as EKS.CfnCluster).addPropertyOverride('AccessConfig.AuthenticationMode', d.access.authenticationMode);
    }

    new ClusterAccess(this, 'Access', { cluster: this.cluster, definition: d });

    this.systemNodes = new SystemNodeGroup(this, 'SystemNodes', { cluster: this.cluster, definition: d, subnets: this.network.nodeSubnets });
    this.addons = new ClusterAddons(this, 'Addons', {
      cluster: this.cluster,
      definition: d,
      nodes: this.systemNodes.nodegroup,
      customNetworking: Boolean(d.network.podSubnets),
    });
    new AccountSecurity(this, 'AccountSecurity', { definition: d, network: this.network });
    if (d.network.podSubnets) this.addEniConfigs(azs);
    if (d.karpenter.enabled) this.karpenter = new KarpenterInfra(this, 'Karpenter', { cluster: this.cluster, definition: d, vpc: this.network.vpc });
    if (d.observability.logs.agent !== 'none') new ContainerLogs(this, 'ContainerLogs', { cluster: this.cluster, definition: d });
    if (d.observability.tracing.enabled) new XRayTracing(this, 'Tracing', { cluster: this.cluster, definition: d });
    if (d.observability.metrics.backend === 'amp') new ManagedPrometheus(this, 'Prometheus', { cluster: this.cluster, definition: d, vpc: this.network.vpc, subnets: this.network.nodeSubnets });
    if (d.loadBalancerController.enabled) new LoadBalancerControllerRole(this, 'LoadBalancerController', { cluster: this.cluster, definition: d });
    if (d.externalSecrets.enabled) new ExternalSecretsRole(this, 'ExternalSecrets', { cluster: this.cluster, definition: d });

    d.workloadIdentities.forEach((w) => {
      const key = `${w.namespace}/${w.serviceAccount}`;
      const statements = w.policyStatements.map(
        (s) =>
          new iam.PolicyStatement({
            effect: s.effect === 'Deny' ? iam.Effect.DENY : iam.Effect.ALLOW,
            actions: s.actions,
            resources: s.resources,
            conditions: s.conditions,
          }),
      );
      const pr = new PodRole(this, `Workload-${w.namespace}-${w.serviceAccount}`, {
        cluster: this.cluster,
        namespace: w.namespace,
        serviceAccount: w.serviceAccount,
        mode: w.mode,
        createAssociation: true,
        description: `Workload identity ${key} in ${d.name}`,
        roleName: workloadRoleName(d, w.namespace, w.serviceAccount),
        statements,
        managedPolicies: w.managedPolicyArns.map((arn, i) => iam.ManagedPolicy.fromManagedPolicyArn(this, `Managed-${w.namespace}-${w.serviceAccount}-${i}`, arn)),
      });
      this.workloadRoles[key] = pr.role;
    });
    if (d.delivery === 'cdk') applyComponents(this.cluster, buildComponents(d, { vpcId: this.network.vpc.vpcId }), [this.systemNodes.nodegroup, this.addons.addons['coredns']!]);
    for (const [k, v] of Object.entries(d.tags)) cdk.Tags.of(this).add(k, v);
  }

  /**
   * VPC CNI custom networking: one ENIConfig per zone, named after the zone (ENI_CONFIG_LABEL_DEF is the zone
   * label), pointing pods at that zone's subnet of the secondary CIDR.
   */
  private addEniConfigs(azs: readonly string[]): void {
    const objects = azs.map((az) => ({
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: az },
      spec: { subnet: this.network.podSubnetIds[az], securityGroups: [this.cluster.clusterSecurityGroupId] },
    }));
    const manifest = this.cluster.addManifest('EniConfigs', ...objects);
    manifest.node.addDependency(this.addons.addons['vpc-cni']!);
  }
}
