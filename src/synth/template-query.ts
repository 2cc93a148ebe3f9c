/** Small queries over a synthesized CloudFormation template, shared by tests and the synth summary. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export function resourcesOfType(t: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

export function onlyResource(t: CfnTemplate, type: string, where: (r: CfnResource) => boolean = () => true): CfnResource {
  const found = resourcesOfType(t, type).filter(([, r]) => where(r));
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]![1];
}

/** Reads a dotted path with [n] indexes: `Properties.LaunchTemplateData.MetadataOptions.HttpTokens`. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter(Boolean))) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function tagsOf(r: CfnResource): Record<string, unknown> {
  const tags = (r.Properties?.Tags ?? []) as { Key: string; Value: unknown }[] | Record<string, unknown>;
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
  return tags;
}
