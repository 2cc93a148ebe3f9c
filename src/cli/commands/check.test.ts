import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from './check.js';
import type { CheckEnv } from './check.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'keelson-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

// Image verification on too: without it SEC-IMAGE-SIGNING reports the definition (info).
const CLEAN_CLUSTER = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\nkyverno:\n  imageVerification:\n    type: cosign\n    publicKey: |\n      -----BEGIN PUBLIC KEY-----\n      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n      -----END PUBLIC KEY-----\n    imageReferences: [\'123456789012.dkr.ecr.eu-west-1.amazonaws.com/*\']\n';
const BAD_NODEPOOL = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: missing}\n';
const env = (cwd: string, over: Partial<CheckEnv> = {}): CheckEnv => ({ isTty: false, noColor: false, cwd, today: '2026-06-01', ...over });
const opts = { format: 'table', failOn: 'info' };

describe('keelson check', () => {
  it('exits 0 on a clean definition', async () => {
    // GIVEN a keelson definition with the production defaults
    const dir = workspace({ 'keelson.yaml': CLEAN_CLUSTER });
    const c = capture();
    // WHEN checked THEN exit 0 and the summary counts no failures
    expect(await runCheck(['keelson.yaml'], opts, c.io, env(dir))).toBe(0);
    expect(c.out.join('')).toMatch(/0 failures/);
  });

  it('exits 1 when findings reach the threshold, 0 when they are below it', async () => {
    const dir = workspace({ 'np.yaml': BAD_NODEPOOL });
    expect(await runCheck(['.'], opts, capture().io, env(dir))).toBe(1);
    // the NodePool and policy findings are high at most
    expect(await runCheck(['.'], { ...opts, failOn: 'critical' }, capture().io, env(dir))).toBe(0);
  });

  it('exits 2 for a missing path, an unknown format or severity', async () => {
    const dir = workspace({});
    const c = capture();
    expect(await runCheck(['nope.yaml'], opts, c.io, env(dir))).toBe(2);
    expect(c.err.join('')).toMatch(/cannot read .*nope\.yaml/);
    expect(await runCheck(['.'], { ...opts, format: 'xml' }, capture().io, env(dir))).toBe(2);
    expect(await runCheck(['.'], { ...opts, failOn: 'urgent' }, capture().io, env(dir))).toBe(2);
  });

  it('keeps checking the other files when one is malformed', async () => {
    const dir = workspace({ 'a-broken.yaml': 'a: [1\n', 'np.yaml': BAD_NODEPOOL });
    const c = capture();
    expect(await runCheck(['.'], opts, c.io, env(dir))).toBe(1);
    expect(c.out.join('')).toMatch(/a-broken\.yaml:\d+:\d+: YAML syntax/);
    expect(c.out.join('')).toMatch(/np\.yaml:7:\d+ .*\n.*KARP-PRESENT/);
  });

  it('writes a report file atomically and leaves no temporary file', async () => {
    const dir = workspace({ 'np.yaml': BAD_NODEPOOL });
    expect(await runCheck(['np.yaml'], { ...opts, format: 'sarif', output: 'out.sarif' }, capture().io, env(dir))).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('colours only on a TTY and respects NO_COLOR', async () => {
    const dir = workspace({ 'np.yaml': BAD_NODEPOOL });
    const tty = capture();
    await runCheck(['.'], opts, tty.io, env(dir, { isTty: true }));
    expect(tty.out.join('')).toContain('\x1b[');
    const noColor = capture();
    await runCheck(['.'], opts, noColor.io, env(dir, { isTty: true, noColor: true }));
    expect(noColor.out.join('')).not.toContain('\x1b[');
    expect(existsSync(dir)).toBe(true);
  });

  it('applies a suppressions file with a reason, and reports an expired one', async () => {
    // GIVEN a NodePool finding suppressed by file, and an expired suppression of another rule
    const supp = 'suppressions:\n  - rule: KARP-PRESENT\n    kind: NodePool\n    name: x\n    reason: the class comes from the platform chart\n  - rule: SEC-POLICY-ENGINE\n    reason: kyverno lives in another repository\n    expires: 2026-01-31\n';
    const dir = workspace({ 'np.yaml': BAD_NODEPOOL, 'supp.yaml': supp });
    const c = capture();
    await runCheck(['np.yaml'], { ...opts, format: 'json', suppressions: 'supp.yaml' }, c.io, env(dir));
    const doc = JSON.parse(c.out.join('')) as { findings: { id: string; suppressed?: { reason: string } }[] };
    // THEN the KARP-PRESENT finding is kept but marked, and the expired suppression is a finding of its own
    expect(doc.findings.find((f) => f.id === 'KARP-PRESENT')?.suppressed?.reason).toBe('the class comes from the platform chart');
    expect(doc.findings.some((f) => f.id === 'SUPPRESSION-EXPIRED[SEC-POLICY-ENGINE]')).toBe(true);
    expect(doc.findings.filter((f) => f.id.startsWith('SEC-POLICY-ENGINE')).every((f) => f.suppressed === undefined)).toBe(true);
  });

  it('rejects a suppression without a reason with exit 2', async () => {
    const dir = workspace({ 'np.yaml': BAD_NODEPOOL, 'supp.yaml': 'suppressions:\n  - rule: KARP-PRESENT\n' });
    const c = capture();
    expect(await runCheck(['np.yaml'], { ...opts, suppressions: 'supp.yaml' }, c.io, env(dir))).toBe(2);
    expect(c.err.join('')).toMatch(/"reason" is required/);
  });

  it('honours a keelson.io/suppress annotation on the object only', async () => {
    const annotated = BAD_NODEPOOL.replace('metadata: {name: x}', 'metadata:\n  name: x\n  annotations:\n    keelson.io/suppress: "KARP-PRESENT: class installed by the platform team"');
    const other = BAD_NODEPOOL.replace('name: x', 'name: y');
    const dir = workspace({ 'np.yaml': `${annotated}---\n${other}` });
    const c = capture();
    await runCheck(['np.yaml'], { ...opts, format: 'json' }, c.io, env(dir));
    const doc = JSON.parse(c.out.join('')) as { findings: { id: string; message: string; suppressed?: unknown }[] };
    const karp = doc.findings.filter((f) => f.id === 'KARP-PRESENT');
    expect(karp.map((f) => [f.message.split(' ')[1], f.suppressed !== undefined])).toEqual([['x', true], ['y', false]]);
  });
});
