import type { ClusterDefinition } from '../../model/schema.js';
import { accessComponent } from './access.js';
import { karpenterComponent } from './karpenter.js';
import { nodeLocalDnsComponent } from './node-local-dns.js';
import { kyvernoComponent } from './kyverno.js';
import { namespacesComponent } from './namespaces.js';
import { networkPoliciesComponent } from './network-policies.js';
import { serviceAccountsComponent } from './service-accounts.js';
import type { Component } from './types.js';

export type { Component, HelmRelease, K8sObject } from './types.js';

/** Every in-cluster component the definition asks for, in apply order (namespaces first). */
export function buildComponents(d: ClusterDefinition): Component[] {
  const components = [namespacesComponent(d), networkPoliciesComponent(d), serviceAccountsComponent(d), accessComponent(d)];
  if (d.dns.nodeLocal.enabled) components.push(nodeLocalDnsComponent(d));
  if (d.karpenter.enabled) components.push(karpenterComponent(d));
  if (d.kyverno.enabled) components.push(kyvernoComponent(d));
  return components.filter((c) => c.objects.length > 0 || c.helm);
}
