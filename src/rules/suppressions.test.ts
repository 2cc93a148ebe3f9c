import { describe, expect, it } from 'vitest';
import { applySuppressions, commentSuppressions, parseSuppressionFile } from './suppressions.js';
import { addFile } from '../sources/read-inputs.js';
import { emptyInventory } from '../sources/inventory.js';
import type { Finding } from './types.js';

function finding(over: Partial<Finding> = {}): Finding {
  return { ruleId: 'SEC-IMAGE-TAG', id: 'SEC-IMAGE-TAG[latest]', severity: 'medium', area: 'workload-security', title: 't', outcome: 'fail', message: 'm', location: { file: 'apps/shop/web.yaml', line: 3 }, fix: undefined, subject: { kind: 'Deployment', name: 'web', namespace: 'shop' }, ...over };
}

describe('suppressions', () => {
  it('match by rule or full id, kind, namespace, name and path glob', () => {
    const s = parseSuppressionFile('suppressions:\n  - rule: SEC-IMAGE-TAG\n    namespace: shop\n    path: "apps/**/*.yaml"\n    reason: pinned by digest at deploy\n', 's.yaml');
    const hit = finding();
    const otherNs = finding({ subject: { kind: 'Deployment', name: 'web', namespace: 'blog' } });
    const otherPath = finding({ location: { file: 'infra/web.yaml', line: 1 } });
    applySuppressions([hit, otherNs, otherPath], s, '2026-01-01');
    expect([hit.suppressed?.reason, otherNs.suppressed, otherPath.suppressed]).toEqual(['pinned by digest at deploy', undefined, undefined]);
  });

  it('a sub-id suppression leaves the other sub-ids alone', () => {
    const s = parseSuppressionFile('suppressions:\n  - rule: SEC-IMAGE-TAG[untagged]\n    reason: a reason long enough\n', 's.yaml');
    const f = finding();
    applySuppressions([f], s, '2026-01-01');
    expect(f.suppressed).toBeUndefined();
  });

  it('applies on its expiry day and expires the day after, as a finding', () => {
    const s = parseSuppressionFile('suppressions:\n  - rule: SEC-IMAGE-TAG\n    reason: until the migration\n    expires: 2026-03-31\n', 's.yaml');
    const onDay = finding();
    expect(applySuppressions([onDay], s, '2026-03-31')).toEqual([]);
    expect(onDay.suppressed).toBeDefined();
    const after = finding();
    const expired = applySuppressions([after], s, '2026-04-01');
    expect(after.suppressed).toBeUndefined();
    expect(expired.map((e) => [e.id, e.location.file])).toEqual([['SUPPRESSION-EXPIRED[SEC-IMAGE-TAG]', 's.yaml']]);
  });

  it('rejects entries without a rule, a reason or with a bad date', () => {
    expect(() => parseSuppressionFile('suppressions:\n  - reason: x long\n', 's.yaml')).toThrow(/"rule" is required/);
    expect(() => parseSuppressionFile('suppressions:\n  - rule: A\n    reason: ok ok ok\n    expires: soon\n', 's.yaml')).toThrow(/expires/);
    expect(() => parseSuppressionFile('nope: 1\n', 's.yaml')).toThrow(/suppressions/);
  });

  it('reads # keelson:suppress comments for their own line or the line below', () => {
    // GIVEN a trailing comment on line 2 and a standalone comment above line 4, and one without a reason
    const inv = emptyInventory();
    addFile(inv, 'a.yaml', Buffer.from('kind: X\nimage: nginx:latest # keelson:suppress SEC-IMAGE-TAG vendor image, pinned by digest upstream\n# keelson:suppress WL-HPA batch service, scaled by queue\nname: y\nz: 1 # keelson:suppress WL-PDB\n'));
    const s = commentSuppressions(inv);
    // THEN the two valid comments apply to lines 2 and 4, and the third is a notice
    expect(s.map((x) => [x.rule, x.lines?.lines])).toEqual([['SEC-IMAGE-TAG', [2]], ['WL-HPA', [4]]]);
    expect(inv.notices.map((n) => n.location.line)).toEqual([5]);
    const onLine = finding({ location: { file: 'a.yaml', line: 2 } });
    const elsewhere = finding({ location: { file: 'a.yaml', line: 3 } });
    applySuppressions([onLine, elsewhere], s, '2026-01-01');
    expect([onLine.suppressed?.source, elsewhere.suppressed]).toEqual(['comment', undefined]);
  });
});
