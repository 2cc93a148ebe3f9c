import type { z } from 'zod';
import { KeelsonError } from '../errors.js';
import type { Problem } from '../errors.js';
import { clusterDefinitionSchema } from './schema.js';
import type { ClusterDefinition, ClusterDefinitionInput } from './schema.js';
import { issueToProblems } from './issues.js';
import type { Locator, PathKey } from './issues.js';

type AnySchema = z.core.$ZodType;

/** Walks the schema to the object at `path`, through defaults, optionals and arrays. */
function schemaAt(path: readonly PathKey[]): AnySchema | undefined {
  let cur: AnySchema | undefined = clusterDefinitionSchema;
  const unwrap = (s: AnySchema): AnySchema => {
    let x = s;
    for (;;) {
      const def = x._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
      if (def.innerType) x = def.innerType;
      else if (def.type === 'pipe' && def.in) x = def.in;
      else return x;
    }
  };
  for (const k of path) {
    if (!cur) return undefined;
    const def = unwrap(cur)._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema };
    if (def.type === 'object') cur = def.shape?.[String(k)];
    else if (def.type === 'array') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else return undefined;
  }
  return cur ? unwrap(cur) : undefined;
}

export function knownKeys(path: readonly PathKey[]): string[] {
  const s = schemaAt(path);
  const def = s?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** What a config file exports: the definition written by the user. */
export function defineCluster(definition: ClusterDefinitionInput): ClusterDefinitionInput {
  return definition;
}

export interface ParseOptions {
  readonly file?: string;
  readonly locate?: Locator;
}

/** Validates a definition and applies every default. Throws one KeelsonError listing all problems. */
export function parseDefinition(input: unknown, options: ParseOptions = {}): ClusterDefinition {
  const result = clusterDefinitionSchema.safeParse(input);
  if (result.success) return result.data;
  const locate: Locator = (p) => ({ file: options.file, ...(options.locate?.(p) ?? {}) });
  const problems: Problem[] = result.error.issues.flatMap((i) => issueToProblems(i, input, locate, knownKeys));
  throw new KeelsonError('INVALID_DEFINITION', problems);
}
