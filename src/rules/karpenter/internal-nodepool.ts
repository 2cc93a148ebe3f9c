/** Shared reading of Karpenter NodePools (v1, and v1beta1 whose fields moved in v1). */
import type { K8sObject } from '../../sources/inventory.js';
import { objectTargets } from '../internal/targets.js';

export const nodePoolTargets = objectTargets('NodePool', 'karpenter.sh');

export function isV1(p: K8sObject): boolean {
  return p.apiVersion === 'karpenter.sh/v1';
}
