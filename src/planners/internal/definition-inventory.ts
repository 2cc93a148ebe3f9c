/**
 * A keelson definition's in-cluster objects (its Karpenter NodePools and EC2NodeClass, DaemonSets, PDBs) added to
 * an inventory through the shared reader, exactly as `keelson synth` renders them: the planners then see the
 * cluster the definition builds, the same way `keelson check` audits keelson's own output.
 */
import { stringify } from 'yaml';
import type { ClusterDefinition } from '../../model/index.js';
import type { Inventory } from '../../sources/inventory.js';
import { addFile } from '../../sources/read-inputs.js';
import { buildComponents } from '../../synth/manifests/index.js';

export function addDefinitionObjects(inv: Inventory, d: ClusterDefinition, file: string): number {
  const objects = buildComponents(d).flatMap((c) => c.objects);
  if (objects.length === 0) return 0;
  const text = objects.map((o) => stringify(o)).join('---\n');
  addFile(inv, `${file} (rendered by keelson synth)`, new TextEncoder().encode(text));
  return objects.length;
}

/** The zones a definition's nodes run in: its availabilityZones, else the region's a, b and c. */
export function definitionZones(d: ClusterDefinition): string[] {
  return d.network.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${d.region}${z}`);
}
