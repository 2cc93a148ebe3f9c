import type { ClusterDefinition } from '../../model/schema.js';
import { accessComponent } from './access.js';
import { adotCollectorComponent } from './adot-collector.js';
import { externalSecretsComponent } from './external-secrets.js';
import { fluentBitComponent } from './fluent-bit.js';
import { karpenterComponent } from './karpenter.js';
import { nodeLocalDnsComponent } from './node-local-dns.js';
import { kyvernoComponent } from './kyverno.js';
import { loadBalancerControllerComponent } from './load-balancer-controller.js';
import { metricsComponent } from './metrics.js';
import { namespacesComponent } from './namespaces.js';
import { networkPoliciesComponent } from './network-policies.js';
import { serviceAccountsComponent } from './service-accounts.js';
import type { Component } from './types.js';

export type { Component, HelmRelease, K8sObject } from './types.js';

/** Values only the CDK app knows; without them the components use what the definition fixes at synth time. */
export interface BuildContext {
  /** The VPC ID (a CDK token under delivery: cdk) for the load balancer controller. */
  readonly vpcId?: string;
}

/** Every in-cluster component the definition asks for, in apply order (namespaces first). */
export function buildComponents(d: ClusterDefinition, context: BuildContext = {}): Component[] {
  const components = [namespacesComponent(d), networkPoliciesComponent(d), serviceAccountsComponent(d), accessComponent(d)];
  if (d.dns.nodeLocal.enabled) components.push(nodeLocalDnsComponent(d));
  if (d.karpenter.enabled) components.push(karpenterComponent(d));
  if (d.kyverno.enabled) components.push(kyvernoComponent(d));
  if (d.loadBalancerController.enabled) components.push(loadBalancerControllerComponent(d, context.vpcId));
  if (d.externalSecrets.enabled) components.push(externalSecretsComponent(d));
  if (d.observability.logs.agent === 'fluent-bit') components.push(fluentBitComponent(d));
  if (d.observability.tracing.enabled) components.push(adotCollectorComponent(d));
  const metrics = metricsComponent(d);
  if (metrics) components.push(metrics);
  return components.filter((c) => c.objects.length > 0 || c.helm);
}
