/** Pod-level helpers: container security settings with the pod-level fallback Kubernetes applies. */
import { isRecord } from '../../sources/detect.js';
import type { ContainerFact, WorkloadFact } from '../../sources/inventory.js';

/** A container's securityContext field, or the pod's when the container leaves it out (Kubernetes' own precedence). */
export function effectiveSecurity(w: WorkloadFact, c: ContainerFact, field: string): unknown {
  const own = isRecord(c.value.securityContext) ? c.value.securityContext[field] : undefined;
  if (own !== undefined) return own;
  const pod = isRecord(w.podSpec.securityContext) ? w.podSpec.securityContext[field] : undefined;
  return pod;
}

/** Image reference parts: registry host (docker.io when none), tag and digest. */
export function parseImage(image: string): { registry: string; tag: string | undefined; digest: string | undefined } {
  const [nameAndTag, digest] = image.split('@', 2) as [string, string | undefined];
  const slash = nameAndTag.indexOf('/');
  const first = slash < 0 ? '' : nameAndTag.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  const lastPart = nameAndTag.slice(nameAndTag.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return { registry, tag: colon < 0 ? undefined : lastPart.slice(colon + 1), digest };
}
