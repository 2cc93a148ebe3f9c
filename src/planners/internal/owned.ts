/**
 * Objects a controller created (a ReplicaSet of a Deployment, the Pods of a ReplicaSet, the Jobs of a CronJob).
 * A live snapshot lists them next to their owners; the planners count each workload once, through its owner.
 */
import { valueAt } from '../../sources/fact.js';
import type { K8sObject } from '../../sources/inventory.js';

export function isOwned(o: K8sObject): boolean {
  const refs = valueAt(o.value, ['metadata', 'ownerReferences']);
  return Array.isArray(refs) && refs.length > 0;
}
