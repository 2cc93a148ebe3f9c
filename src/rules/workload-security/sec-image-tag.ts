import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { parseImage } from '../internal/pod.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

export default defineRule({
  id: 'SEC-IMAGE-TAG',
  title: 'Images use an immutable tag or a digest, never latest',
  severity: 'medium',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'The guide forbids `:latest` and untagged images: the same manifest can then run different code on different nodes, and a rollback cannot go back.',
  remediation: { kubernetes: 'pin the image to a version tag (and make the ECR repository tag-immutable) or to a digest (@sha256:...)' },
  ...workloadTargets(),
  check(w, ctx) {
    return w.containers.flatMap((c) => {
      if (c.image === undefined) return [];
      const { tag, digest } = parseImage(c.image);
      if (digest) return [];
      if (tag === undefined) return [ctx.fail(`container "${c.name}" of ${describeWorkload(w)} uses an untagged image (${c.image}), which means latest`, child(c.at, 'image'), { sub: 'untagged' })];
      if (tag === 'latest') return [ctx.fail(`container "${c.name}" of ${describeWorkload(w)} uses ${c.image}`, child(c.at, 'image'), { sub: 'latest' })];
      return [];
    });
  },
});
