import type { RuleMeta } from '../rules/types.js';

/** What every reporter gets besides the result: pure data, so a reporter does no I/O and is byte-stable. */
export interface ReportContext {
  readonly toolVersion: string;
  readonly rules: readonly RuleMeta[];
  /** ANSI colour in the table; the CLI sets it only for a TTY without NO_COLOR. */
  readonly color?: boolean;
}

/** Where a rule's documentation lives; generated from the rule metadata into docs/rules/. */
export function ruleDocsUrl(ruleId: string): string {
  return `https://github.com/keelson-dev/keelson/blob/main/docs/rules/${ruleId}.md`;
}
