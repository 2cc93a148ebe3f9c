import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRuleDoc, renderRuleIndex } from './docs.js';
import { RULES } from './registry.js';

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/rules');

describe('rule docs', () => {
  it('are generated and current for every rule (run: npx tsx scripts/gen-rule-docs.ts)', () => {
    for (const r of RULES) {
      const file = path.join(docsDir, `${r.id}.md`);
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${r.id}.md is stale`).toBe(renderRuleDoc(r));
    }
    expect(readFileSync(path.join(docsDir, 'README.md'), 'utf8')).toBe(renderRuleIndex(RULES));
  });

  it('explain both views where the guide and AWS practice differ', () => {
    const doc = renderRuleDoc(RULES.find((r) => r.id === 'NODE-AMI')!);
    expect(doc).toContain('## The guide and current AWS practice');
    expect(doc).toContain('al2023@latest');
  });
});
