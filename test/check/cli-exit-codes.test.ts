/** `keelson check` exit codes through the CLI as a user runs it: 0 clean, 1 at or above --fail-on, 2 bad usage or input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-exit-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

// Image verification on too: without it SEC-IMAGE-SIGNING reports the definition (info).
const CLEAN = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\nkyverno:\n  imageVerification:\n    type: cosign\n    publicKey: |\n      -----BEGIN PUBLIC KEY-----\n      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n      -----END PUBLIC KEY-----\n    imageReferences: [\'123456789012.dkr.ecr.eu-west-1.amazonaws.com/*\']\n';
/** A NodePool that only misses a real expireAfter (KARP-EXPIRE, low), beside a clean definition. */
const NODEPOOL = [
  'apiVersion: karpenter.sh/v1',
  'kind: NodePool',
  'metadata: {name: general}',
  'spec:',
  '  template:',
  '    spec:',
  '      expireAfter: Never',
  '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}',
  '      requirements:',
  '        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}',
  '  limits: {cpu: "100", memory: 400Gi}',
  '  disruption:',
  '    consolidationPolicy: WhenEmptyOrUnderutilized',
  '    consolidateAfter: 1m',
  '    budgets: [{nodes: "10%"}]',
].join('\n') + '\n';
/** The NodePool's class and Kyverno live in other repositories: accepted, with reasons, so only the low finding is left. */
const ELSEWHERE = 'suppressions:\n  - rule: KARP-PRESENT\n    reason: the EC2NodeClass comes from the platform chart\n  - rule: SEC-POLICY-ENGINE\n    reason: Kyverno policies live in the platform repository\n';

describe('keelson check exit codes', () => {
  it('exits 0 on a clean definition', async () => {
    const dir = workspace({ 'keelson.yaml': CLEAN });
    const r = await run('check', path.join(dir, 'keelson.yaml'));
    expect(r.out).toMatch(/0 failures/);
    expect(r.code).toBe(0);
  });

  it('by default (--fail-on medium) reports a low finding but exits 0; --fail-on low exits 1', async () => {
    // GIVEN only a low-severity failure left after suppressions
    const dir = workspace({ 'keelson.yaml': CLEAN, 'nodepool.yaml': NODEPOOL, 'supp.yaml': ELSEWHERE });
    const args = ['check', path.join(dir, 'keelson.yaml'), path.join(dir, 'nodepool.yaml'), '--suppressions', path.join(dir, 'supp.yaml'), '--format', 'json'];
    const byDefault = await run(...args);
    const doc = JSON.parse(byDefault.out) as { findings: { id: string; severity: string; outcome: string; suppressed?: unknown }[] };
    const open = doc.findings.filter((f) => f.outcome === 'fail' && !f.suppressed);
    // THEN the finding is in the report, and only the threshold decides the exit code
    expect(open.map((f) => [f.id, f.severity])).toEqual([['KARP-EXPIRE', 'low']]);
    expect(byDefault.code).toBe(0);
    expect((await run(...args, '--fail-on', 'low')).code).toBe(1);
    expect((await run(...args, '--fail-on', 'info')).code).toBe(1);
  });

  it('exits 1 on a medium finding by default and 0 when the threshold is above it', async () => {
    const dir = workspace({ 'keelson.yaml': `${CLEAN}network:\n  natGateways: single\n` });
    const file = path.join(dir, 'keelson.yaml');
    expect((await run('check', file)).code).toBe(1);
    expect((await run('check', file, '--fail-on', 'high')).code).toBe(0);
  });

  it('exits 2 for bad usage and for input it cannot read', async () => {
    const dir = workspace({ 'keelson.yaml': CLEAN });
    const file = path.join(dir, 'keelson.yaml');
    const missing = await run('check', path.join(dir, 'nope.yaml'));
    expect([missing.code, missing.err]).toEqual([2, expect.stringMatching(/cannot read .*nope\.yaml/)]);
    expect((await run('check', file, '--fail-on', 'urgent')).code).toBe(2);
    expect((await run('check', file, '--format', 'xml')).code).toBe(2);
    expect((await run('check', file, '--suppressions', path.join(dir, 'none.yaml'))).code).toBe(2);
    expect((await run('check', file, '--no-such-flag')).code).toBe(2);
  });

  it('exits 2 after the report when a file it was given is malformed or rejected, but not for one found in a directory', async () => {
    const dir = workspace({ 'keelson.yaml': CLEAN, 'broken.yaml': 'kind: [unclosed\n', 'bad.yaml': 'name: prod\naccount: "123"\nregion: eu-west-1\n' });
    // GIVEN a malformed manifest named beside a clean definition: reported, the rest judged, and exit 2
    const named = await run('check', path.join(dir, 'keelson.yaml'), path.join(dir, 'broken.yaml'), '--format', 'json');
    const report = JSON.parse(named.out) as { notices: { kind: string }[]; summary: { clusters: number } };
    expect([named.code, report.notices.map((n) => n.kind), report.summary.clusters]).toEqual([2, ['syntax'], 1]);
    expect(named.err).toMatch(/could not read .*broken\.yaml/);
    // an invalid keelson definition named on the command line is rejected, with the same exit
    expect((await run('check', path.join(dir, 'bad.yaml'))).code).toBe(2);
    // WHEN the same files are found by walking the directory THEN the notices stay and the exit follows the findings
    const walked = await run('check', dir, '--fail-on', 'critical');
    expect(walked.code).toBe(0);
    expect(walked.out).toMatch(/YAML syntax/);
  });
});
