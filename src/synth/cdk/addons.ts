import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import { constructs, eks, iam } from './lib.js';
import type { Construct } from 'constructs';
import type { IDependable } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { PodRole } from './pod-role.js';

export interface ClusterAddonsProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
  /** Add-ons whose pods need nodes wait for the system node group. */
  readonly nodes: IDependable;
  /** Custom networking: ENIConfig objects name the pod subnet of each zone. */
  readonly customNetworking: boolean;
}

/** An add-on's service account and the AWS managed policy its own role carries (never the node role). */
interface AddonIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly managedPolicies: readonly string[];
}

export function coreDnsReplicas(d: ClusterDefinition): number {
  return d.addons.coreDns.replicas ?? Math.max(2, Math.ceil(d.addons.coreDns.expectedNodes / 50));
}

export function vpcCniConfiguration(d: ClusterDefinition, customNetworking: boolean): Record<string, unknown> {
  const c = d.addons.vpcCni;
  const env: Record<string, string> = {};
  if (c.prefixDelegation) {
    env.ENABLE_PREFIX_DELEGATION = 'true';
    env.WARM_PREFIX_TARGET = String(c.warmPrefixTarget);
  }
  if (customNetworking) {
    env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = 'true';
    env.ENI_CONFIG_LABEL_DEF = 'topology.kubernetes.io/zone';
  }
  return { env, enableNetworkPolicy: c.networkPolicy ? 'true' : 'false' };
}

export function coreDnsConfiguration(d: ClusterDefinition): Record<string, unknown> {
  const selector = { matchLabels: { 'k8s-app': 'kube-dns' } };
  return {
    replicaCount: coreDnsReplicas(d),
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector } },
        ],
      },
    },
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  };
}

/** EKS managed add-ons, configured through their configuration values, each with its own role where it calls AWS. */
export class ClusterAddons extends constructs.Construct {
  readonly addons: Record<string, EKS.CfnAddon> = {};
  readonly roles: Record<string, IAM.Role> = {};

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const d = props.definition;
    const a = d.addons;
    const podIdentity = d.addonIdentityMode === 'podIdentity';

    const agent = a.podIdentityAgent.enabled || podIdentity ? this.add(props, 'eks-pod-identity-agent', a.podIdentityAgent.version) : undefined;
    this.add(props, 'vpc-cni', a.vpcCni.version, vpcCniConfiguration(d, props.customNetworking), {
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      managedPolicies: ['AmazonEKS_CNI_Policy'],
    }, agent);
    if (a.kubeProxy.enabled) this.add(props, 'kube-proxy', a.kubeProxy.version);
    this.add(props, 'coredns', a.coreDns.version, coreDnsConfiguration(d), undefined, props.nodes);
    if (a.ebsCsi.enabled) {
      this.add(props, 'aws-ebs-csi-driver', a.ebsCsi.version, { controller: { tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] } }, {
        namespace: 'kube-system',
        serviceAccount: 'ebs-csi-controller-sa',
        managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
      }, props.nodes, agent);
    }
    if (a.efsCsi.enabled) {
      this.add(props, 'aws-efs-csi-driver', a.efsCsi.version, undefined, {
        namespace: 'kube-system',
        serviceAccount: 'efs-csi-controller-sa',
        managedPolicies: ['service-role/AmazonEFSCSIDriverPolicy'],
      }, props.nodes, agent);
    }
    if (a.metricsServer.enabled) this.add(props, 'metrics-server', a.metricsServer.version, undefined, undefined, props.nodes);
    if (a.guardDuty.enabled) this.add(props, 'aws-guardduty-agent', a.guardDuty.version, undefined, undefined, props.nodes);
    // The logs agent choice turns the add-on on: it ships the logs itself (Fluent Bit inside the add-on).
    if (a.cloudWatchObservability.enabled || d.observability.logs.agent === 'cloudwatch-addon') {
      this.add(props, 'amazon-cloudwatch-observability', a.cloudWatchObservability.version, undefined, {
        namespace: 'amazon-cloudwatch',
        serviceAccount: 'cloudwatch-agent',
        managedPolicies: ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'],
      }, props.nodes, agent);
    }
  }

  private add(
    props: ClusterAddonsProps,
    name: string,
    version: string | undefined,
    configuration?: Record<string, unknown>,
    identity?: AddonIdentity,
    ...dependsOn: (IDependable | undefined)[]
  ): EKS.CfnAddon {
    const d = props.definition;
    const mode = d.addonIdentityMode;
    let role: IAM.Role | undefined;
    if (identity) {
      role = new PodRole(this, `${name}-identity`, {
        cluster: props.cluster,
        namespace: identity.namespace,
        serviceAccount: identity.serviceAccount,
        mode,
        createAssociation: false,
        description: `${name} add-on of ${d.name} (${identity.namespace}/${identity.serviceAccount})`,
        managedPolicies: identity.managedPolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      }).role;
      this.roles[name] = role;
    }
    const addon = new eks.CfnAddon(this, name, {
      clusterName: props.cluster.clusterName,
      addonName: name,
      addonVersion: version,
      resolveConflicts: 'OVERWRITE',
      configurationValues: configuration ? JSON.stringify(configuration) : undefined,
      ...(role && mode === 'podIdentity' ? { podIdentityAssociations: [{ roleArn: role.roleArn, serviceAccount: identity!.serviceAccount }] } : {}),
      ...(role && mode === 'irsa' ? { serviceAccountRoleArn: role.roleArn } : {}),
    });
    for (const dep of dependsOn) if (dep) addon.node.addDependency(dep);
    this.addons[name] = addon;
    return addon;
  }
}
