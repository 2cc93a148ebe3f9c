// Generates docs/rules/<ID>.md from each rule's metadata, so the docs never drift from the code.
// Usage: npx tsx scripts/gen-rule-docs.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleDoc, renderRuleIndex } from '../src/rules/docs.js';
import { RULES } from '../src/rules/registry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
for (const r of RULES) writeFileSync(path.join(dir, `${r.id}.md`), renderRuleDoc(r));
writeFileSync(path.join(dir, 'README.md'), renderRuleIndex(RULES));
console.log(`wrote ${RULES.length + 1} files to docs/rules`);
