import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { liveCluster, liveClusters } from '../../sources/live/live-facts.js';

/** Tags the IaC tools put on what they create, and what each says. */
const IAC_TAGS: readonly { key: RegExp; value?: RegExp; tool: string }[] = [
  { key: /^aws:cloudformation:stack-name$/, tool: 'CloudFormation (or CDK) stack' },
  { key: /^(alpha\.eksctl\.io\/cluster-name|eksctl\.cluster\.k8s\.io\/v1alpha1\/cluster-name)$/, tool: 'eksctl' },
  { key: /^terraform-aws-modules$/, tool: 'terraform-aws-modules' },
  { key: /^(managed[-_]?by|ManagedBy|provisioner|iac)$/i, value: /terraform|opentofu|pulumi|cdk|cloudformation|crossplane|eksctl/i, tool: 'the managed-by tag' },
  { key: /^(terraform|Terraform)$/, value: /^(true|yes|1)$/i, tool: 'Terraform' },
  { key: /^pulumi:/, tool: 'Pulumi' },
  { key: /^crossplane-/, tool: 'Crossplane' },
];

export default defineRule({
  id: 'CP-IAC',
  title: 'The cluster is managed by infrastructure as code',
  severity: 'info',
  area: 'control-plane',
  evidence: ['LIVE'],
  checklist: 1,
  rationale: 'The guide provisions the cluster from code (CDK, Terraform, eksctl) so every change is reviewed, repeatable and recoverable; a cluster changed by hand in the Console drifts from anything that could rebuild it.',
  practice: 'Whether anyone changes the cluster by hand is a process question: the checklist item is always "attest". A live audit can show the tags IaC tools leave (aws:cloudformation:stack-name, eksctl\'s, terraform-aws-modules); Terraform leaves none unless default_tags say so. `keelson check --live --against FILE` shows where the running cluster differs from its code.',
  remediation: {
    cloudformation: 'manage the cluster from a template (keelson synth, CDK, eksctl or Terraform) and compare it with keelson check --live --against FILE',
    terraform: 'add default_tags { tags = { ManagedBy = "terraform" } } to the provider so the cluster shows where it is managed',
    keelson: 'deploy with keelson synth and cdk deploy; keelson check --live --against keelson.config.ts shows any drift',
  },
  ...clusterTargets,
  // Only a running cluster can show how it is managed; a definition file is the code itself.
  targets: (inv: Inventory): readonly ClusterFact[] => liveClusters(inv),
  check(c, ctx) {
    const live = liveCluster(ctx.inventory, c);
    const found = Object.entries(live?.tags ?? {}).flatMap(([k, v]) => IAC_TAGS.filter((t) => t.key.test(k) && (!t.value || t.value.test(v))).map((t) => `${t.tool} (${k}=${v})`));
    if (found.length > 0) return [];
    return [
      ctx.notEvaluated(
        `attest: cluster ${c.name} carries no tag of an IaC tool (CloudFormation/CDK, eksctl, terraform-aws-modules, a ManagedBy tag); confirm it is managed as code with no manual Console changes, or compare it with its code through --against FILE`,
        c.at,
      ),
    ];
  },
});
