import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleConfig } from './example-config.js';

describe('examples/production/keelson.config.ts', () => {
  it('is the init template plus the example overrides (run `npm run example:gen` after changing either)', () => {
    expect(readFileSync(new URL('../../../examples/production/keelson.config.ts', import.meta.url), 'utf8')).toBe(exampleConfig());
  });
});
