/**
 * `keelson check --format html`: the page `keelson report` makes from the JSON result, built from the same JSON
 * document, so the two commands give the same bytes for the same check.
 */
import type { CheckResult } from '../../rules/types.js';
import { formatJson } from '../json.js';
import type { ReportContext } from '../types.js';
import { classifyInput } from './inputs.js';
import { renderReport } from './render-report.js';

export function formatHtml(result: CheckResult, ctx: ReportContext): string {
  const input = classifyInput(JSON.parse(formatJson(result, ctx)));
  // The JSON reporter and this reader are one schema; a mismatch is a keelson bug, not bad input.
  if (input.kind !== 'check') throw new Error(`the JSON report is not readable as a check result: ${input.kind === 'unknown' ? input.why : input.kind}`);
  return renderReport({ check: input.doc }, ctx.rules);
}
