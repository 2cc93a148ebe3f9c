/**
 * Plan JSON (`terraform show -json plan.out`) into facts. Module inputs are already expanded into raw resources
 * (`module.eks.aws_eks_cluster.this[0]`), so only the resource reader is needed. Values known only after apply are
 * absent from `planned_values`; a key ARN of a key created in the same plan is one of them.
 */
import { child } from '../location.js';
import type { At } from '../location.js';
import { isRecord } from '../detect.js';
import type { SourceObject } from '../detect.js';
import type { Inventory } from '../inventory.js';
import { resourceFacts } from './tf-resources.js';
import type { Scope, TfResource } from './tf-scope.js';

function plannedResources(module: unknown, at: At, out: TfResource[]): void {
  if (!isRecord(module)) return;
  if (Array.isArray(module.resources)) {
    module.resources.forEach((r, i) => {
      if (isRecord(r) && r.mode !== 'data' && typeof r.type === 'string') out.push({ type: r.type, name: String(r.address ?? r.name), value: r.values, at: child(at, 'resources', i, 'values') });
    });
  }
  if (Array.isArray(module.child_modules)) module.child_modules.forEach((m, i) => plannedResources(m, child(at, 'child_modules', i), out));
}

function planResources(obj: SourceObject): TfResource[] {
  const out: TfResource[] = [];
  if (isRecord(obj.value.planned_values)) plannedResources(obj.value.planned_values.root_module, child(obj.at, 'planned_values', 'root_module'), out);
  if (out.length > 0 || !Array.isArray(obj.value.resource_changes)) return out;
  // A plan that only destroys or a trimmed plan may lack planned_values: read what each change leaves behind.
  obj.value.resource_changes.forEach((rc, i) => {
    if (!isRecord(rc) || rc.mode === 'data' || typeof rc.type !== 'string' || !isRecord(rc.change) || !isRecord(rc.change.after)) return;
    out.push({ type: rc.type, name: String(rc.address ?? rc.name), value: rc.change.after, at: child(obj.at, 'resource_changes', i, 'change', 'after') });
  });
  return out;
}

/** The module part of an address: `module.eks.aws_eks_cluster.this[0]` → `module.eks.`. */
function modulePrefix(address: string): string {
  return address.replace(/[^.]+\.[^.]+$/, '');
}

export function planScope(resources: readonly TfResource[]): Scope {
  return {
    resolve: (raw) => ({ value: raw }),
    resources: (type) => resources.filter((r) => r.type === type),
    referenced(raw, type) {
      const same = resources.filter((r) => r.type === type);
      if (typeof raw === 'string' && raw !== '') {
        return same.find((r) => isRecord(r.value) && (r.value.arn === raw || r.value.id === raw || r.value.name === raw || r.value.key_id === raw));
      }
      return undefined;
    },
  };
}

/**
 * An unknown reference (absent from planned_values) is matched only when it is the one candidate of its type in the
 * resource's module or below it (the eks module keeps its key in module.eks.module.kms).
 */
function onlyCandidate(resources: readonly TfResource[], type: string, near: TfResource): TfResource | undefined {
  const prefix = modulePrefix(near.name);
  const same = resources.filter((r) => r.type === type && r.name.startsWith(prefix));
  return same.length === 1 ? same[0] : undefined;
}

export function addTerraformPlan(inv: Inventory, obj: SourceObject): void {
  const resources = planResources(obj);
  const base = planScope(resources);
  // In a plan the key ARN of a key created alongside is "known after apply": absent, so matched by module instead.
  const clusters = base.resources('aws_eks_cluster');
  const scopeFor = (near: TfResource): Scope => ({
    ...base,
    referenced: (raw, type) => base.referenced(raw, type) ?? (raw === undefined || raw === null ? onlyCandidate(resources, type, near) : undefined),
  });
  for (const c of clusters) {
    const { clusters: cs } = resourceFacts({ ...scopeFor(c), resources: (type) => (type === 'aws_eks_cluster' ? [c] : []) });
    inv.clusters.push(...cs);
  }
  for (const ng of base.resources('aws_eks_node_group')) {
    const { nodeGroups } = resourceFacts({ ...scopeFor(ng), resources: (type) => (type === 'aws_eks_node_group' ? [ng] : []) });
    inv.nodeGroups.push(...nodeGroups);
  }
}
