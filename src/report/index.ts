import type { CheckResult } from '../rules/types.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';
import type { ReportContext } from './types.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const REPORTERS: Record<ReportFormat, (result: CheckResult, ctx: ReportContext) => string> = {
  table: formatTable,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
};
