/** A v1 NodePool builder for the Karpenter rule tests. */
export function nodePool(spec: string, name = 'default'): string {
  return `apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n      requirements: []\n${spec}`;
}
