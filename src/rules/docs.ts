/** Rule documentation rendered from rule metadata (docs/rules/<ID>.md); scripts/gen-rule-docs.ts writes it. */
import type { RuleMeta } from './types.js';

const HEADER = '<!-- GENERATED from the rule metadata by scripts/gen-rule-docs.ts. Do not edit; edit the rule and re-run. -->';

const FORMAT_NAMES: Record<string, string> = { keelson: 'keelson definition', eksctl: 'eksctl ClusterConfig', cloudformation: 'CloudFormation / CDK', terraform: 'Terraform', kubernetes: 'Kubernetes YAML' };

export function renderRuleDoc(r: RuleMeta): string {
  const lines = [
    HEADER,
    '',
    `# ${r.id}: ${r.title}`,
    '',
    `- Severity: **${r.severity}**`,
    `- Area: ${r.area}`,
    `- Evidence: ${r.evidence.join(', ')}`,
    ...(r.checklist ? [`- Checklist item: ${r.checklist} of the guide's EKS Production Readiness Checklist`] : []),
    '',
    '## Why',
    '',
    r.rationale,
    '',
    ...(r.practice ? ['## The guide and current AWS practice', '', r.practice, ''] : []),
    '## How to fix',
    '',
    ...Object.entries(r.remediation).map(([k, v]) => `- ${FORMAT_NAMES[k] ?? k}: ${v}`),
    '',
    '## Suppressing',
    '',
    `Findings carry sub-ids such as \`${r.id}[...]\`; suppress one sub-id or the whole rule, always with a reason.`,
    '',
  ];
  return lines.join('\n');
}

export function renderRuleIndex(rules: readonly RuleMeta[]): string {
  const rows = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => `| [${r.id}](${r.id}.md) | ${r.title} | ${r.severity} | ${r.area} |`);
  return [
    HEADER,
    '',
    '# keelson check rules',
    '',
    '| ID | what must hold | severity | area |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## JSON report (schema version 1)',
    '',
    '`keelson check --format json` writes `{schemaVersion: 1, tool, summary, findings, rules, checklist, notices}`.',
    'Each finding: `id` (with sub-id), `ruleId`, `severity`, `area`, `title`, `outcome` (`fail` or `not-evaluated`), `message`,',
    '`location` `{file, line, column, path}` (1-based), `fix`, and `suppressed` `{reason, source}` when a suppression applies.',
    'Additive changes keep the version; any other change bumps it.',
    '',
    '## Suppressions',
    '',
    'Every suppression names a rule (`CP-LOGGING`, or one sub-id such as `CP-LOGGING[audit]`) and a reason; an optional',
    '`expires` date (YYYY-MM-DD) is the last day it applies, after which the findings come back and the suppression itself',
    'is a `SUPPRESSION-EXPIRED` finding. Suppressed findings stay in the JSON and SARIF reports, marked, and do not count',
    'toward `--fail-on`.',
    '',
    '- Kubernetes: the annotation `keelson.io/suppress: "RULE-ID: reason"` (several separated by `;` or newlines), for',
    '  findings in that object.',
    '- YAML and HCL: a comment `# keelson:suppress RULE-ID reason` (HCL also `//`), for findings on its own line, or on the',
    '  next line when the comment stands alone.',
    '- CloudFormation: resource metadata, for findings in that resource or about it (CDK:',
    '  `(resource.node.defaultChild as CfnResource).addMetadata(\'keelson\', {suppress: [...]})`):',
    '',
    '  ```yaml',
    '  Metadata:',
    '    keelson:',
    '      suppress:',
    '        - rule: CP-ENDPOINT',
    '          reason: reached only through the corporate VPN CIDRs',
    '          expires: 2027-01-01',
    '  ```',
    '',
    '- A file given with `--suppressions`: `suppressions: [{rule, reason, expires?, kind?, namespace?, name?, path?}]`,',
    '  where `path` is a glob (`*` within a folder, `**` across folders) of the file as the report shows it.',
    '',
  ].join('\n');
}
