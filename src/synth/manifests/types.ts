/** A Kubernetes object as keelson generates it: plain data, serialized to YAML or applied by the CDK app. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** A Helm release: rendered by kustomize (`helmCharts`, `kustomize build --enable-helm`) or by the CDK app. */
export interface HelmRelease {
  readonly name: string;
  readonly chart: string;
  /** An https chart repository or an oci:// registry path. */
  readonly repo: string;
  readonly version: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

/** One folder of the GitOps tree. */
export interface Component {
  /** Folder name, kebab-case. */
  readonly name: string;
  readonly description: string;
  readonly objects: readonly K8sObject[];
  readonly helm?: HelmRelease;
}

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'keelson' } as const;
