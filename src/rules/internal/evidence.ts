/** Evidence for cluster-wide rules: anything that satisfies the rule passes it; otherwise the broken ones decide. */
import type { At } from '../../sources/location.js';
import type { RuleContext, Verdict } from '../types.js';

export interface Found {
  /** This piece of evidence satisfies the rule. */
  readonly ok: boolean;
  readonly what: string;
  readonly at: At;
  /** Why it does not, for one that is not ok. */
  readonly message?: string;
  /** Known only at deploy time: not evaluated rather than failed. */
  readonly undecided?: boolean;
  readonly sub?: string;
}

/** Any working evidence passes; otherwise each broken one fails (or is not evaluated); with none, `missing` decides. */
export function judgeEvidence(ctx: RuleContext, found: readonly Found[], missing: () => Verdict[]): Verdict[] {
  if (found.some((f) => f.ok)) return [];
  const broken = found.filter((f) => !f.ok);
  if (broken.length > 0) {
    return broken.map((f) => {
      const extra = f.sub ? { sub: f.sub } : {};
      return f.undecided ? ctx.notEvaluated(f.message ?? f.what, f.at, extra) : ctx.fail(f.message ?? f.what, f.at, extra);
    });
  }
  return missing();
}
