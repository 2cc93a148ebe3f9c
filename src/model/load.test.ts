import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeelsonError } from '../errors.js';
import { loadDefinition } from './load.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const parseUrl = pathToFileURL(path.resolve(import.meta.dirname, 'parse.ts')).href;

describe('loadDefinition of keelson.config.ts', () => {
  it('loads a config that imports another TypeScript file (through tsx) and leaves no compiled file behind', async () => {
    // GIVEN a config whose account comes from a sibling module
    writeFileSync(path.join(tmp, 'accounts.ts'), "export const PROD: string = '210987654321';\n");
    writeFileSync(
      path.join(tmp, 'keelson.config.ts'),
      `import { defineCluster } from '${parseUrl}';\nimport { PROD } from './accounts.ts';\nexport default defineCluster({ name: 'x', account: PROD, region: 'eu-west-1' });\n`,
    );
    // WHEN loaded THEN the value from the other file arrives, and the folder holds only what the user wrote
    const { definition } = await loadDefinition(path.join(tmp, 'keelson.config.ts'));
    expect(definition.account).toBe('210987654321');
    expect(readdirSync(tmp).sort()).toEqual(['accounts.ts', 'keelson.config.ts']);
  });

  it('a config without a default export is a clear error', async () => {
    writeFileSync(path.join(tmp, 'empty.config.ts'), 'export const x = 1;\n');
    await expect(loadDefinition(path.join(tmp, 'empty.config.ts'))).rejects.toThrow(KeelsonError);
    await expect(loadDefinition(path.join(tmp, 'empty.config.ts'))).rejects.toThrow(/no default export/);
  });

  it('a config that throws names the file and the first line of the error', async () => {
    writeFileSync(path.join(tmp, 'broken.config.ts'), "throw new Error('boom: missing env VAR');\n");
    await expect(loadDefinition(path.join(tmp, 'broken.config.ts'))).rejects.toThrow(/broken\.config\.ts: could not load the config: boom: missing env VAR/);
  });
});
