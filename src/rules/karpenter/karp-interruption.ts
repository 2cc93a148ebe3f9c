import { defineRule } from '../define-rule.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { chartValue, definitionCharts, helmCharts } from '../internal/components.js';
import { clusterTargets } from '../internal/targets.js';
import { liveInterruptionQueue } from '../../sources/live/live-facts.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function karpenterUsed(inv: Inventory): boolean {
  return inv.features.some((f) => f.feature === 'karpenter' && f.enabled.value === true) || objectsOfKind(inv, 'NodePool', 'karpenter.sh').length > 0;
}

/** Evidence beside the cluster: Karpenter with INTERRUPTION_QUEUE set, its Helm values with settings.interruptionQueue, or NTH. */
function handledInManifests(inv: Inventory): string | undefined {
  for (const w of inv.workloads) {
    if (w.object.name.includes('node-termination-handler')) return `${w.object.kind} ${w.object.name}`;
    for (const c of w.containers) {
      const env = c.value.env;
      if (Array.isArray(env) && env.some((e) => isRecord(e) && e.name === 'INTERRUPTION_QUEUE' && typeof e.value === 'string' && e.value !== '')) return `${w.object.kind} ${w.object.name} (INTERRUPTION_QUEUE)`;
    }
  }
  // However the chart is installed (kustomize, Flux, Argo CD, CDK addHelmChart, Terraform helm_release), its values decide.
  for (const ch of [...helmCharts(inv), ...definitionCharts(inv)]) {
    if (ch.chart === 'aws-node-termination-handler') return `helm chart aws-node-termination-handler in ${ch.at.origin.file}`;
    const queue = ch.chart === 'karpenter' ? chartValue(ch, ['settings', 'interruptionQueue']) : undefined;
    if (typeof queue?.value === 'string' && queue.value !== '') return `karpenter settings.interruptionQueue in ${ch.at.origin.file}`;
  }
  return undefined;
}

export default defineRule({
  id: 'KARP-INTERRUPTION',
  title: 'Spot interruptions are handled (Karpenter interruption queue or Node Termination Handler)',
  severity: 'high',
  area: 'karpenter',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'A spot instance gets a 2-minute warning before it is reclaimed. Karpenter only sees it through an SQS interruption queue fed by EventBridge rules (spot interruption, rebalance, scheduled change, instance state change) and named in settings.interruptionQueue; without it, pods are killed with the node instead of being drained gracefully.',
  practice: 'The AWS Node Termination Handler does the same for node groups without Karpenter; with Karpenter, AWS recommends the interruption queue and not running both. A live audit asks SQS for the queue Karpenter is configured with: a queue that does not exist fails, whatever the manifests say.',
  remediation: {
    keelson: 'keelson creates the interruption queue and its rules whenever karpenter.enabled is true',
    eksctl: 'eksctl does not create the queue: deploy the Karpenter CloudFormation (SQS queue + EventBridge rules) and set settings.interruptionQueue in the Karpenter Helm values',
    cloudformation: 'add an AWS::SQS::Queue and AWS::Events::Rule resources for "EC2 Spot Instance Interruption Warning" (and rebalance, health, state change) targeting it',
    terraform: 'use the karpenter sub-module of terraform-aws-modules/eks (enable_spot_termination = true) and pass its queue_name to the Helm chart',
    kubernetes: 'set settings.interruptionQueue in the Karpenter Helm values, or run aws-node-termination-handler',
  },
  ...clusterTargets,
  targets: (inv: Inventory): readonly ClusterFact[] => (karpenterUsed(inv) ? inv.clusters : []),
  check(c, ctx) {
    const inv = ctx.inventory;
    // Live, SQS's answer outweighs the manifests: INTERRUPTION_QUEUE naming a queue that does not exist handles nothing.
    const live = liveInterruptionQueue(inv, c);
    if (live?.missing) {
      const fix = `create the SQS queue "${live.name}" with its EventBridge rules (the Karpenter CloudFormation, or keelson synth), or set settings.interruptionQueue to the queue that exists`;
      return [ctx.fail(`Karpenter is configured with interruption queue "${live.name}", but SQS says it does not exist (${live.missing}): spot interruption warnings reach no one`, live.at, { fix })];
    }
    const queues = inv.features.filter((f) => f.feature === 'spotInterruptionQueue');
    if (queues.some((q) => q.enabled.value === true) || handledInManifests(inv)) return [];
    const off = queues.find((q) => q.enabled.value === false);
    if (off) return [ctx.fail(`the spot interruption rule is disabled (${off.detail})`, off.enabled.at)];
    return [ctx.fail(`Karpenter is used with cluster ${c.name}, but no interruption queue (an SQS queue fed by an EventBridge rule for spot interruption warnings) and no Node Termination Handler is in the inputs`, c.at)];
  },
});
