import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type { IDependable } from 'constructs';
import type { Component } from '../manifests/types.js';

/**
 * delivery: cdk — the CDK app applies the same components the GitOps folder holds: namespaces first, each Helm
 * chart before the custom resources it defines, everything after the nodes and CoreDNS that must run it.
 */
export function applyComponents(cluster: EKS.Cluster, components: readonly Component[], after: readonly IDependable[]): void {
  let previous: IDependable[] = [...after];
  for (const c of components) {
    const current: IDependable[] = [];
    let chart: IDependable | undefined;
    if (c.helm) {
      const h = c.helm;
      const release = cluster.addHelmChart(c.name, {
        chart: h.chart,
        release: h.name,
        version: h.version,
        namespace: h.namespace,
        createNamespace: true,
        values: h.values,
        ...(h.repo.startsWith('oci://') ? { repository: `${h.repo}/${h.chart}` } : { repository: h.repo }),
      });
      for (const p of previous) release.node.addDependency(p);
      chart = release;
      current.push(release);
    }
    if (c.objects.length > 0) {
      const manifest = cluster.addManifest(c.name, ...c.objects.map((o) => ({ ...o })));
      for (const p of chart ? [chart] : previous) manifest.node.addDependency(p);
      current.push(manifest);
    }
    if (current.length > 0) previous = current;
  }
}
