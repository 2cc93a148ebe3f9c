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
import { soleExpression } from './tf-scope.js';

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

/** What an argument written as one file() or templatefile() call reads: the text, or why it is not known. */
export type FileText = { readonly text: string } | { readonly unresolved: string };

/**
 * An argument of a `.tf` block that is a single file() or templatefile() call, read relative to the configuration's
 * directory; undefined for any other argument (a plan has evaluated it already).
 */
export function fileArgument(inv: Inventory, b: RawBlock, raw: unknown): FileText | undefined {
  if (isPlan(b) || typeof raw !== 'string') return undefined;
  const expr = soleExpression(raw);
  if (expr === undefined || !/^(file|templatefile)\s*\(/.test(expr)) return undefined;
  const v = modelOf(inv, b.at).evaluate(raw);
  const u = firstUnknown(v);
  if (u) return { unresolved: `${/^\w+/.exec(expr)?.[0] ?? 'file'}(...): ${u.reason}` };
  return typeof v === 'string' ? { text: v } : { unresolved: `${expr} is not text` };
}
