import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const tfFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/sources/terraform/__fixtures__');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

interface JsonReport {
  notices: { message: string; location: { file: string; line?: number } }[];
  findings: { id: string; outcome: string; suppressed?: { reason: string; source: string }; location: { file: string; line?: number } }[];
}

describe('keelson check on a Terraform directory', () => {
  it('walks into the directory, reads .tf, reports lines, honours a # keelson:suppress comment and reports broken HCL', async () => {
    // GIVEN a directory with the raw-resources example where "bare" runs AL2 with a suppression comment on that line,
    // and a broken file
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-cli-tf-'));
    cpSync(path.join(tfFixtures, 'raw-resources.tf'), path.join(dir, 'main.tf'));
    const main_tf = path.join(dir, 'main.tf');
    const text = readFileSync(main_tf, 'utf8');
    writeFileSync(main_tf, text.replace('ami_type        = "BOTTLEROCKET_x86_64"', 'ami_type        = "AL2_x86_64" # keelson:suppress NODE-AMI replaced next sprint'));
    writeFileSync(path.join(dir, 'broken.tf'), 'locals {\n  x = [\n');
    // WHEN checked as JSON
    const c = capture();
    const code = await main(['node', 'keelson', 'check', dir, '--format', 'json'], c.io);
    const doc = JSON.parse(c.out.join('')) as JsonReport;
    // THEN findings of main.tf carry exact lines, the suppressed one stays visible, and broken.tf is a notice
    expect(code).toBe(1);
    const ami = doc.findings.filter((f) => f.id === 'NODE-AMI').map((f) => [path.basename(f.location.file), f.location.line, f.suppressed?.source ?? 'none']);
    expect(ami).toEqual([
      ['main.tf', 59, 'none'],
      ['main.tf', 77, 'comment'],
    ]);
    expect(doc.notices.map((n) => [path.basename(n.location.file), n.location.line])).toEqual([['broken.tf', 3]]);
  });
});
