/**
 * The keelson definition parser, loaded on demand. It is zod and the schema built on it: about a third of `keelson
 * check`'s start-up, paid only when a keelson definition is among the inputs. The async reader loads it when it meets
 * one; a caller of the synchronous reader loads it first (loadDefinitionParser).
 */
import type { ParseOptions } from '../../model/parse.js';
import type { ClusterDefinition } from '../../model/schema.js';

export interface DefinitionParser {
  /** A definition object (from a config module), validated with defaults applied. */
  parseDefinition(input: unknown, options?: ParseOptions): ClusterDefinition;
  /** A keelson.yaml text, validated with defaults applied (duplicate keys and aliases checked). */
  parseYamlDefinition(text: string, file?: string): ClusterDefinition;
}

let loaded: DefinitionParser | undefined;

export async function loadDefinitionParser(): Promise<DefinitionParser> {
  if (!loaded) {
    const [{ parseDefinition }, { parseYamlDefinition }] = await Promise.all([import('../../model/parse.js'), import('../../model/load.js')]);
    loaded = { parseDefinition, parseYamlDefinition };
  }
  return loaded;
}

export function definitionParserLoaded(): boolean {
  return loaded !== undefined;
}

export function definitionParser(): DefinitionParser {
  if (!loaded) throw new Error('keelson definitions are read by the async reader (readInputsAsync), or after loadDefinitionParser()');
  return loaded;
}
