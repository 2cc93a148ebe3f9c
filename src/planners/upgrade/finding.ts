/** What the upgrade planner reports: a located finding that blocks the upgrade or only needs attention. */
import { formatLocation } from '../../errors.js';
import type { SourceLocation } from '../../errors.js';
import { formatDocPath, locationOf } from '../../sources/location.js';
import type { At } from '../../sources/location.js';

export type UpgradeArea = 'api' | 'pdb' | 'nodes' | 'addons' | 'support';

export interface UpgradeFinding {
  readonly area: UpgradeArea;
  /** A blocker stops the upgrade (or breaks workloads after it); a warning needs a decision before it. */
  readonly level: 'blocker' | 'warning' | 'info';
  readonly message: string;
  readonly fix: string;
  readonly location: SourceLocation | undefined;
}

export function locate(at: At): SourceLocation {
  const loc = locationOf(at);
  return { ...loc, path: loc.path ?? (at.path.length > 0 ? formatDocPath(at.path) : undefined) };
}

export function where(f: UpgradeFinding): string {
  return f.location ? formatLocation(f.location) : '';
}

const LEVEL_ORDER = { blocker: 0, warning: 1, info: 2 } as const;

/** Blockers first, then by file, line and message: the same input prints the same bytes. */
export function sortFindings(fs: readonly UpgradeFinding[]): UpgradeFinding[] {
  return [...fs].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0) || a.message.localeCompare(b.message));
}
