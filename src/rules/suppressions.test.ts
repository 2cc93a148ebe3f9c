import { describe, expect, it } from 'vitest';
import { applySuppressions, commentSuppressions, metadataSuppressions, parseSuppressionFile } from './suppressions.js';
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
    expect(onDay.suppressed).toEqual({ reason: 'until the migration', source: 's.yaml', expires: '2026-03-31' });
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

describe('CloudFormation metadata suppressions', () => {
  // An EKS cluster with the provider defaults (public endpoint open to the world) and a key without rotation.
  const template = (meta: string): string =>
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Key:',
      '    Type: AWS::KMS::Key',
      '  Cluster:',
      '    Type: AWS::EKS::Cluster',
      meta,
      '    Properties:',
      '      RoleArn: arn:aws:iam::123456789012:role/eks',
      '      ResourcesVpcConfig:',
      '        SubnetIds: [subnet-1]',
      '      EncryptionConfig:',
      '        - Resources: [secrets]',
      '          Provider: {KeyArn: !GetAtt Key.Arn}',
    ].filter((l) => l !== '').join('\n') + '\n';

  async function check(text: string, today = '2026-06-01') {
    const { runRules } = await import('./engine.js');
    const { RULES } = await import('./registry.js');
    const inv = emptyInventory();
    addFile(inv, 'stack.template.yaml', Buffer.from(text));
    const r = runRules(RULES.filter((x) => x.id === 'CP-ENDPOINT' || x.id === 'CP-SECRETS-KMS'), inv);
    const s = metadataSuppressions(inv);
    const expired = applySuppressions(r.findings, s, today);
    return { r, s, expired, notices: inv.notices };
  }

  it('suppresses the rule for findings in that resource, with the reason, and leaves other rules alone', async () => {
    // GIVEN a suppression of CP-ENDPOINT in the cluster's metadata
    const { r, s } = await check(template('    Metadata:\n      keelson:\n        suppress:\n          - {rule: CP-ENDPOINT, reason: reached only through the corporate VPN CIDRs, expires: 2027-01-01}'));
    expect(s.map((x) => [x.rule, x.expires, x.source.line])).toEqual([['CP-ENDPOINT', '2027-01-01', 10]]);
    // THEN both CP-ENDPOINT sub-findings are suppressed as "metadata" and CP-SECRETS-KMS is not
    const byId = r.findings.filter((f) => f.outcome === 'fail').map((f) => [f.id, f.suppressed?.source ?? 'none']);
    expect(byId).toEqual(expect.arrayContaining([['CP-ENDPOINT[private]', 'metadata'], ['CP-ENDPOINT[public]', 'metadata'], ['CP-SECRETS-KMS[rotation]', 'none']]));
  });

  it('covers a finding about the resource even when it points into another resource (the key it uses)', async () => {
    // GIVEN CP-SECRETS-KMS suppressed on the cluster, while the rotation finding points at the Key resource
    const { r } = await check(template('    Metadata:\n      keelson:\n        suppress:\n          - rule: CP-SECRETS-KMS[rotation]\n            reason: the key is rotated by the security team every 90 days'));
    const rotation = r.findings.find((f) => f.id === 'CP-SECRETS-KMS[rotation]');
    expect(rotation?.location.line).toBe(3);
    expect(rotation?.suppressed?.source).toBe('metadata');
  });

  it('does not reach findings of other resources, and an expired one is a finding at the metadata entry', async () => {
    // GIVEN the same suppression on the Key, expired on 2026-01-31
    const onKey = template('').replace('    Type: AWS::KMS::Key', '    Type: AWS::KMS::Key\n    Metadata:\n      keelson:\n        suppress:\n          - {rule: CP-ENDPOINT, reason: reached only through the VPN, expires: 2026-01-31}');
    const { r, expired } = await check(onKey);
    // THEN the cluster's CP-ENDPOINT findings stay, and the expired suppression is reported at line 8
    expect(r.findings.filter((f) => f.ruleId === 'CP-ENDPOINT').every((f) => f.suppressed === undefined)).toBe(true);
    expect(expired.map((e) => [e.id, e.location.file, e.location.line])).toEqual([['SUPPRESSION-EXPIRED[CP-ENDPOINT]', 'stack.template.yaml', 8]]);
    // AND before the expiry it would have suppressed nothing either: it is on the wrong resource
    const before = await check(onKey, '2026-01-01');
    expect(before.r.findings.filter((f) => f.ruleId === 'CP-ENDPOINT').every((f) => f.suppressed === undefined)).toBe(true);
  });

  it('reports an entry without a reason, with a bad date or a bad shape, and applies none of them', async () => {
    const { s, notices } = await check(template('    Metadata:\n      keelson:\n        suppress:\n          - {rule: CP-ENDPOINT}\n          - {rule: CP-ENDPOINT, reason: a good reason, expires: soon}\n          - {reason: no rule given here}'));
    expect(s).toEqual([]);
    expect(notices.map((n) => [n.kind, n.location.line, n.message.match(/"(\w+)"/)?.[1]])).toEqual([
      ['invalid', 10, 'reason'],
      ['invalid', 11, 'expires'],
      ['invalid', 12, 'rule'],
    ]);
    const shape = await check(template('    Metadata:\n      keelson:\n        suppress: CP-ENDPOINT'));
    expect(shape.notices.map((n) => n.message)).toEqual([expect.stringContaining('expected {suppress: [{rule, reason, expires?}]}')]);
  });

  it('reads CDK output in JSON, where addMetadata puts it', async () => {
    const json = JSON.stringify({ Resources: { Cluster: { Type: 'AWS::EKS::Cluster', Metadata: { keelson: { suppress: [{ rule: 'CP-ENDPOINT[public]', reason: 'public API behind allow-listed CIDRs in a later stage' }] } }, Properties: { RoleArn: 'r' } } } }, null, 2);
    const { r } = await check(json);
    expect(r.findings.filter((f) => f.ruleId === 'CP-ENDPOINT').map((f) => [f.id, f.suppressed?.source ?? 'none'])).toEqual([['CP-ENDPOINT[private]', 'none'], ['CP-ENDPOINT[public]', 'metadata']]);
  });
});

describe('HCL comment suppressions', () => {
  it('accept # and // in .tf files, for their own line or the next', async () => {
    // GIVEN a .tf file with a trailing // comment on line 2 and a standalone # comment above line 4
    const { inventoryOf } = await import('../sources/terraform/terraform.fixtures.js');
    const inv = await inventoryOf({ 'infra/main.tf': 'resource "aws_eks_cluster" "a" {\n  version = "1.28" // keelson:suppress CP-VERSION upgrade booked for next sprint\n  # keelson:suppress CP-LOGGING[audit] audit logs go to the SIEM through another path\n  enabled_cluster_log_types = ["api"]\n}\n' });
    const s = commentSuppressions(inv);
    expect(s.map((x) => [x.rule, x.lines?.lines, x.source.line, x.source.column])).toEqual([
      ['CP-VERSION', [2], 2, 20],
      ['CP-LOGGING[audit]', [4], 3, 3],
    ]);
  });

  it('leave // alone in YAML, where it is text, not a comment', () => {
    const inv = emptyInventory();
    addFile(inv, 'a.yaml', Buffer.from('url: http://x // keelson:suppress SEC-IMAGE-TAG not a comment\n'));
    expect(commentSuppressions(inv)).toEqual([]);
    expect(inv.notices.map((n) => n.kind)).toEqual(['invalid']);
  });
});
