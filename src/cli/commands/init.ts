import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeelsonError } from '../../errors.js';
import type { Io } from '../main.js';
import { configTemplate, packageJsonTemplate, readmeTemplate } from './init-template.js';

export async function runInit(dir: string, opts: { name: string; force?: boolean }, io: Io): Promise<number> {
  if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(opts.name)) {
    throw new KeelsonError('BAD_USAGE', [{ location: { path: '--name' }, message: `"${opts.name}" is not a valid EKS cluster name`, fix: 'use letters, digits, "-" and "_", starting with a letter or digit' }]);
  }
  const root = path.resolve(dir);
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const files: Record<string, string> = {
    'keelson.config.ts': configTemplate(opts.name),
    'package.json': packageJsonTemplate(opts.name, version),
    'README.md': readmeTemplate(opts.name),
    '.gitignore': 'node_modules/\ncdk.out/\n',
  };
  const clashes = Object.keys(files).filter((f) => existsSync(path.join(root, f)));
  if (clashes.length > 0 && !opts.force) {
    throw new KeelsonError('OUTPUT_EXISTS', clashes.map((f) => ({ location: { file: path.join(dir, f) }, message: 'already exists', fix: 'choose an empty directory, or pass --force to overwrite' })));
  }
  mkdirSync(root, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  io.out(`keelson init: created ${Object.keys(files).join(', ')} in ${dir}\n  next: cd ${dir} && npm install && npm run synth\n`);
  return 0;
}
