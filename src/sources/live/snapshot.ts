/**
 * A live snapshot is a Kubernetes `List` (YAML) of what the audit read, with the gaps recorded in annotations.
 * `keelson check snapshot.yaml` reads it like any manifest, offline, later or on another machine.
 */
import { yamlLib } from '../../yaml-lib.js';
import type { EksSnapshot } from './eks-gather.js';
import type { KubeSnapshot } from './kube-gather.js';

export const SNAPSHOT_ANNOTATION = 'keelson.io/snapshot';
export const GAPS_ANNOTATION = 'keelson.io/snapshot-gaps';

export function renderSnapshot(s: KubeSnapshot, gatheredAt: Date, eks?: EksSnapshot): string {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    metadata: {
      annotations: {
        [SNAPSHOT_ANNOTATION]: JSON.stringify({ server: s.server, context: s.context, gatheredAt: gatheredAt.toISOString(), objects: s.objects.length, requests: s.requests }),
        [GAPS_ANNOTATION]: JSON.stringify(s.gaps),
      },
    },
    items: s.objects,
  };
  const head = `# keelson live snapshot of ${s.context} (${s.server}); Secrets are never read.\n${yamlLib().stringify(list, { lineWidth: 0, aliasDuplicateObjects: false })}`;
  // The AWS side as a CloudFormation-shaped document: the same DEF rules read it.
  return eks ? `${head}---\n${yamlLib().stringify(eks.template, { lineWidth: 0, aliasDuplicateObjects: false })}` : head;
}
