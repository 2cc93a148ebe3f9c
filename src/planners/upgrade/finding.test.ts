import { describe, expect, it } from 'vitest';
import { sortFindings, where } from './finding.js';
import type { UpgradeFinding } from './finding.js';

const f = (level: UpgradeFinding['level'], file: string | undefined, line: number, message: string): UpgradeFinding => ({ area: 'api', level, message, fix: 'x', location: file ? { file, line, column: 1 } : undefined });

describe('findings', () => {
  it('sorts blockers first, then by file, line and message, whatever the input order', () => {
    // GIVEN findings in a scrambled order WHEN sorted THEN blockers lead and the rest follow file:line
    const list = [f('warning', 'a.yaml', 1, 'w'), f('blocker', 'b.yaml', 9, 'b2'), f('info', undefined, 0, 'i'), f('blocker', 'b.yaml', 2, 'b1'), f('blocker', 'a.yaml', 5, 'b0')];
    const sorted = sortFindings(list).map((x) => x.message);
    expect(sorted).toEqual(['b0', 'b1', 'b2', 'w', 'i']);
    expect(sortFindings([...list].reverse()).map((x) => x.message)).toEqual(sorted);
  });

  it('prints file:line:column, and nothing for a finding without a place', () => {
    // GIVEN located and unlocated findings THEN where() renders the location or an empty string
    expect(where(f('info', 'x.yaml', 3, 'm'))).toBe('x.yaml:3:1');
    expect(where(f('info', undefined, 0, 'm'))).toBe('');
  });
});
