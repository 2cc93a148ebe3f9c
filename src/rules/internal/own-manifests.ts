/** keelson's own GitOps tree, rendered in memory (no CDK): rule tests check what `keelson synth` writes to manifests/. */
import { parseDefinition } from '../../model/parse.js';
import { buildComponents } from '../../synth/manifests/index.js';
import { renderKustomizeTree } from '../../synth/manifests/kustomize.js';

export const OWN_DEFINITION = { name: 'prod', account: '123456789012', region: 'eu-west-1' } as const;

/** The manifests of a definition (keelson's defaults plus `overrides`), as `manifests/<path>` -> YAML text. */
export function ownManifests(overrides: Record<string, unknown> = {}): Record<string, string> {
  const d = parseDefinition({ ...OWN_DEFINITION, ...overrides }, { file: 'keelson.yaml' });
  return Object.fromEntries(Object.entries(renderKustomizeTree(buildComponents(d))).map(([p, text]) => [`manifests/${p}`, text]));
}
