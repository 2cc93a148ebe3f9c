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
import { roleFacts } from './tf-iam.js';
import { serviceAccountObjects } from './tf-k8s.js';
import { networkFacts, subnetPrivacy } from './tf-network.js';
import { linkPlan } from './tf-plan-refs.js';
import { TfRef, Unknown } from './tf-expr.js';
import type { EvalEnv } from './tf-expr.js';
import type { ConfigModel, TfInstance } from './tf-config.js';

/** A resource of a plan, with what the plan marks as known only after apply (absent from its values). */
export interface PlanResource extends TfResource {
  /** The change's `after_unknown`: attribute -> true (or a nested shape of them) when known only after apply. */
  readonly afterUnknown: Record<string, unknown>;
}

function plannedResources(module: unknown, at: At, unknownOf: (address: string) => Record<string, unknown>, out: PlanResource[]): void {
  if (!isRecord(module)) return;
  if (Array.isArray(module.resources)) {
    module.resources.forEach((r, i) => {
      if (!isRecord(r) || r.mode === 'data' || typeof r.type !== 'string') return;
      const name = String(r.address ?? r.name);
      out.push({ type: r.type, name, value: r.values, at: child(at, 'resources', i, 'values'), afterUnknown: unknownOf(name) });
    });
  }
  if (Array.isArray(module.child_modules)) module.child_modules.forEach((m, i) => plannedResources(m, child(at, 'child_modules', i), unknownOf, out));
}

/**
 * Every managed resource a plan (`terraform show -json`) leaves behind: planned_values, or for a plan without them
 * (one that only destroys, or a trimmed one) what each change leaves. `at` is the plan document's root.
 */
export function planResources(plan: Record<string, unknown>, at: At): PlanResource[] {
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes.filter(isRecord) : [];
  const unknown = new Map<string, Record<string, unknown>>();
  for (const rc of changes) if (isRecord(rc.change) && isRecord(rc.change.after_unknown)) unknown.set(String(rc.address), rc.change.after_unknown);
  const unknownOf = (address: string): Record<string, unknown> => unknown.get(address) ?? {};
  const out: PlanResource[] = [];
  if (isRecord(plan.planned_values)) plannedResources(plan.planned_values.root_module, child(at, 'planned_values', 'root_module'), unknownOf, out);
  if (out.length > 0 || !Array.isArray(plan.resource_changes)) return out;
  plan.resource_changes.forEach((rc, i) => {
    if (!isRecord(rc) || rc.mode === 'data' || typeof rc.type !== 'string' || !isRecord(rc.change) || !isRecord(rc.change.after)) return;
    const name = String(rc.address ?? rc.name);
    out.push({ type: rc.type, name, value: rc.change.after, at: child(at, 'resource_changes', i, 'change', 'after'), afterUnknown: unknownOf(name) });
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

/** `module.x.aws_iam_role.this["a"]` -> `"a"`, `...[0]` -> 0. */
function instanceKey(address: string): number | string | undefined {
  const m = /\[("?)([^\]]*)\1\]$/.exec(address);
  if (!m) return undefined;
  return m[1] ? m[2] : Number(m[2]);
}

/**
 * A plan as the IAM reader reads a configuration: values are already evaluated, so evaluation is the identity, and
 * what is known only after apply is simply absent.
 */
export function planModel(resources: readonly TfResource[], scope: Scope): ConfigModel {
  const byType = new Map<string, TfInstance[]>();
  const env: EvalEnv = { variable: (n) => new Unknown(`var.${n} is evaluated in the plan already`), local: (n) => new Unknown(`local.${n} is evaluated in the plan already`) };
  return {
    scope,
    env,
    scopeOf: () => scope,
    modules: () => [],
    evaluate: (raw) => raw,
    // The plan's tags_all has them merged already (linkPlan reads it as tags).
    defaultTags: () => undefined,
    instances(type, mode = 'resource'): TfInstance[] {
      if (mode === 'data') return [];
      // The same list each time, so what the readers index by list is indexed once.
      let list = byType.get(type);
      if (!list) byType.set(type, (list = resources.filter((r) => r.type === type).map((r) => ({ ...r, address: r.name, key: instanceKey(r.name), env }))));
      return list;
    },
  };
}

export function addTerraformPlan(inv: Inventory, obj: SourceObject): void {
  const resources = planResources(obj.value, obj.at);
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
  const model = planModel(linkPlan(obj.value, resources), base);
  const networks = networkFacts(model);
  inv.networks.push(...networks);
  const linkedGroups = model.instances('aws_eks_node_group');
  for (const ng of base.resources('aws_eks_node_group')) {
    const linked = linkedGroups.find((x) => x.name === ng.name);
    // The launch template the configuration names, when its ID is known only after apply and the module has several.
    const spec = linked && isRecord(linked.value) ? [linked.value.launch_template].flat()[0] : undefined;
    const ltRef = isRecord(spec) ? [spec.id, spec.name].find((v): v is TfRef => v instanceof TfRef) : undefined;
    const lt = ltRef ? resources.find((r) => r.type === 'aws_launch_template' && r.name === `${ltRef.ref}${ltRef.index === undefined ? '' : `[${JSON.stringify(ltRef.index)}]`}`) : undefined;
    const near = scopeFor(ng);
    const scope: Scope = { ...near, referenced: (raw, type) => near.referenced(raw, type) ?? (type === 'aws_launch_template' ? lt : undefined) };
    const { nodeGroups } = resourceFacts({ ...scope, resources: (type) => (type === 'aws_eks_node_group' ? [ng] : []) });
    const subnets = linked && isRecord(linked.value) ? linked.value.subnet_ids : undefined;
    const unknown = subnets === undefined && (resources.find((x) => x.name === ng.name)?.afterUnknown.subnet_ids === true);
    inv.nodeGroups.push(
      ...nodeGroups.map((f) => ({
        ...f,
        privateNetworking: unknown ? { value: undefined, at: f.privateNetworking.at, unresolved: 'subnet_ids are known only after apply, and the plan does not say which subnets they are' } : subnetPrivacy(model, subnets, f.privateNetworking.at, networks),
      })),
    );
  }
  // A trust policy is rendered JSON in a plan; one that embeds an issuer created in the same plan is absent (unknown).
  const roles = roleFacts(model).map((r) => (r.trust.length === 0 && resources.find((x) => x.name === r.name)?.afterUnknown.assume_role_policy === true ? { ...r, trust: [{ at: r.at, services: [], federated: false, actions: [], conditions: { value: undefined, at: r.at, unresolved: 'the trust policy is known only after apply' } }] } : r));
  inv.roles.push(...roles);
  const unknown = new Map(resources.map((r) => [r.name, r.afterUnknown]));
  inv.objects.push(...serviceAccountObjects(model, roles, (address) => unknown.get(address)));
}
