/**
 * The `yaml` library (positions, every YAML feature), loaded on first use: `keelson check` of plain manifests reads
 * them with js-yaml and never needs it, and loading it costs start-up time. It is CommonJS, so it loads synchronously.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return lib;
}
