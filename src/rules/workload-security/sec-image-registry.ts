import { child } from '../../sources/location.js';
import type { Inventory } from '../../sources/inventory.js';
import { defineRule } from '../define-rule.js';
import { keelsonDefinitions } from '../internal/definitions.js';
import { parseImage } from '../internal/pod.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

const ECR = /^(\d{12})\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * A keelson definition's kyverno.allowedRegistries are what its ecr-only policy admits besides ECR, as Kyverno image
 * patterns (`public.ecr.aws/aws-observability/*`): the cluster allows them, so the audit does too.
 */
function definitionAllows(inv: Inventory): ((image: string) => boolean)[] {
  return keelsonDefinitions(inv).flatMap((k) =>
    k.definition.kyverno.allowedRegistries.map((p) => {
      const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      return (image: string) => re.test(image) || image.startsWith(`${p.replace(/\/?\*$/, '')}/`);
    }),
  );
}

export default defineRule({
  id: 'SEC-IMAGE-REGISTRY',
  title: "Images come only from the account's ECR (or an allowed list)",
  severity: 'high',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide restricts images to the account\'s ECR: images there are scanned (enhanced scanning), access is IAM-controlled, and pulls do not depend on a public registry\'s rate limits or availability.',
  practice: 'ECR pull-through cache rules keep public images (Docker Hub, ghcr.io, registry.k8s.io) behind your own ECR; point manifests at the cache URL.',
  remediation: { kubernetes: 'push the image to your ECR (or use an ECR pull-through cache) and reference <account>.dkr.ecr.<region>.amazonaws.com/...; or allow the registry with keelson check --allow-registry (in a keelson definition: kyverno.allowedRegistries)' },
  ...workloadTargets(),
  check(w, ctx) {
    // When a definition names the account, only that account's ECR counts.
    const accounts = new Set(ctx.inventory.clusters.flatMap((c) => (c.account ? [c.account] : [])));
    const allowed = ctx.options.allowedRegistries ?? [];
    return w.containers.flatMap((c) => {
      if (c.image === undefined) return [];
      const { registry } = parseImage(c.image);
      const ecr = ECR.exec(registry);
      if (ecr && (accounts.size === 0 || accounts.has(ecr[1] as string))) return [];
      if (allowed.some((a) => registry === a || c.image?.startsWith(a))) return [];
      const image = c.image;
      if (definitionAllows(ctx.inventory).some((allows) => allows(image))) return [];
      return [ctx.fail(`container "${c.name}" of ${describeWorkload(w)} pulls from ${registry}, not from ECR`, child(c.at, 'image'))];
    });
  },
});
