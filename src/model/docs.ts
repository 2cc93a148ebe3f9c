/** Renders the definition reference (docs/definition.md) from the zod schema, so the docs cannot drift. */
import { z } from 'zod';
import { clusterDefinitionSchema } from './schema.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return `map of ${typeOf(s.additionalProperties)}`;
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'value');
}

function split(description = ''): { text: string; def?: string } {
  const i = description.indexOf('@default');
  if (i < 0) return { text: description };
  return { text: description.slice(0, i).trim(), def: description.slice(i + '@default'.length).trim() };
}

function rows(s: JsonSchema, prefix: string, required: readonly string[], out: string[]): void {
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const { text, def } = split(child.description);
    const shownDefault =
      def ??
      (child.properties ? 'see the fields below' : child.default !== undefined ? `\`${JSON.stringify(child.default)}\`` : required.includes(key) ? '**required**' : 'not set');
    out.push(`| \`${path}\` | ${typeOf(child)} | ${shownDefault.replace(/\|/g, '\\|')} | ${text.replace(/\|/g, '\\|')} |`);
    if (child.properties) rows(child, path, child.required ?? [], out);
    if (child.type === 'array' && child.items?.properties) rows(child.items, `${path}[]`, child.items.required ?? [], out);
  }
}

export function renderDefinitionDocs(): string {
  const schema = z.toJSONSchema(clusterDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out = [
    '<!-- Generated from src/model/schema.ts by `npm run docs`; do not edit by hand. -->',
    '# The keelson cluster definition',
    '',
    'Write it as `keelson.config.ts` (`export default defineCluster({...})`) or as `keelson.yaml` with the same fields.',
    'Every default is the recommendation of "AWS EKS Production Best Practices"; the reason is given beside it.',
    'Unknown fields are rejected (with a "did you mean"), and every error names the field, the value and the fix.',
    '',
    '| field | type | default | why |',
    '|---|---|---|---|',
  ];
  rows(schema, '', schema.required ?? [], out);
  return `${out.join('\n')}\n`;
}
