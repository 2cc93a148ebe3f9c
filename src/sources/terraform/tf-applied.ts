/**
 * Raw Terraform blocks as AWS receives them, for rules that read blocks the facts do not normalize: a resource's tags
 * with its provider's default_tags (a plan's tags_all), and an argument written as file() or templatefile(), read
 * from disk as `terraform plan` reads it. A `.tf` block is evaluated in its directory's configuration.
 */
import { isRecord } from '../detect.js';
import type { Fact } from '../fact.js';
import type { Inventory } from '../inventory.js';
import type { At } from '../location.js';
import { configModel, configModelOf } from './tf-config.js';
import type { ConfigModel } from './tf-config.js';
import { firstUnknown } from './tf-expr.js';
import { tagsOf, withDefaultTags } from './tf-network.js';

/** A `resource` or `module` block as the rules read it (see rules/internal/definitions.ts TfBlock). */
export interface RawBlock {
  readonly value: Record<string, unknown>;
  readonly at: At;
  readonly afterUnknown?: Record<string, unknown>;
}

const isPlan = (b: RawBlock): boolean => b.afterUnknown !== undefined;

/** Without its directory (a block read outside `keelson check`) variables and locals are simply unknown. */
function modelOf(inv: Inventory, at: At): ConfigModel {
  return configModelOf(inv, at.origin.file) ?? configModel([]);
}

export interface TagInputs {
  /** The argument that holds the tags: `tags`, or a module's `node_security_group_tags`. */
  readonly key: string;
  /** A module input merged under them, as terraform-aws-modules merges var.tags into each resource's tags. */
  readonly base?: string;
  /** The aws provider the resources are created with: a resource's `provider`, a module's `providers.aws`. */
  readonly provider?: unknown;
}

/**
 * The tags AWS puts on what a block creates, located at `at`: in a plan `tags_all`, where Terraform merged the
 * provider's default_tags; in a configuration the block's own tags over its provider's default_tags.
 */
export function appliedTags(inv: Inventory, b: RawBlock, inputs: TagInputs, at: At): Fact<Record<string, string>> {
  const own = b.value[inputs.key] ?? undefined;
  if (isPlan(b)) {
    if (isRecord(b.value.tags_all)) return tagsOf(b.value.tags_all, at);
    if (b.afterUnknown?.tags_all === true) return { value: undefined, at, unresolved: 'tags_all (the tags with the provider\'s default_tags) are known only after apply' };
    return tagsOf(own, at);
  }
  const m = modelOf(inv, b.at);
  const base = inputs.base === undefined ? undefined : (b.value[inputs.base] ?? undefined);
  const evaluated = own === undefined ? undefined : m.evaluate(own);
  const under = base === undefined ? undefined : m.evaluate(base);
  const u = firstUnknown(under);
  if (u) return { value: undefined, at, unresolved: `${inputs.base}: ${u.reason}` };
  const merged = under === undefined ? evaluated : isRecord(evaluated) || evaluated === undefined ? { ...(isRecord(under) ? under : {}), ...(evaluated ?? {}) } : evaluated;
  return withDefaultTags(m.defaultTags(inputs.provider), merged, at);
}

/**
 * The block with `key` replaced by the text of the file it reads, when it is a single file() or templatefile() call
 * of a `.tf` block (relative to the configuration's directory, as `terraform plan` reads it); the block unchanged
 * for any other value (a plan has evaluated it already); or why the file is not read.
 */
export function withFileArgument<B extends RawBlock>(inv: Inventory, b: B, key: string): B | { readonly unresolved: string } {
  const raw = b.value[key];
  if (isPlan(b) || typeof raw !== 'string') return b;
  // Not soleExpression: the path may interpolate (`"${path.module}/x.json"`), which nests `${` inside the call.
  const fn = /^\$\{\s*(file|templatefile)\s*\(/.exec(raw)?.[1];
  if (fn === undefined || !raw.endsWith(')}')) return b;
  const v = modelOf(inv, b.at).evaluate(raw);
  const u = firstUnknown(v);
  if (u) return { unresolved: `${key} = ${fn}(...): ${u.reason}` };
  if (typeof v !== 'string') return { unresolved: `${key} = ${fn}(...) is not text` };
  return { ...b, value: { ...b.value, [key]: v } };
}
