import { describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

describe('keelson plan ips', () => {
  const small = ['--subnet', '10.0.1.0/24', '--subnet', '10.0.2.0/24', '--subnet', '10.0.3.0/24', '--instance-type', 'm5.xlarge'];

  it('prints the max-pods table and the subnet verdicts, exit 0 when every subnet holds', async () => {
    // GIVEN three /24 subnets and 6 nodes WHEN planned THEN a table per type and per subnet, and OK
    const r = await run('plan', 'ips', ...small, '--nodes', '6', '--types', 'm5.large,m5.xlarge');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^m5\.large\s+2\s+3\s+10\s+29\s/m);
    expect(r.out).toMatch(/^subnet-1\s+10\.0\.1\.0\/24\s+node\+pod\s+2\s/m);
    expect(r.out).toContain('OK: the subnets hold 6 nodes');
  });

  it('exits 1 and names the definition change when a subnet runs out', async () => {
    // GIVEN the same subnets and 60 nodes WHEN planned THEN RUNS OUT and a recommended change
    const r = await run('plan', 'ips', ...small, '--nodes', '60');
    expect(r.code).toBe(1);
    expect(r.out).toContain('RUNS OUT');
    expect(r.out).toMatch(/\* recommended .*\n\s+change: /);
  });

  it('writes the same plan as JSON with --format json', async () => {
    // GIVEN --format json WHEN planned THEN parseable JSON with the per-subnet outcomes
    const r = await run('plan', 'ips', ...small, '--nodes', '60', '--format', 'json');
    const j = JSON.parse(r.out) as { plan: { ok: boolean; subnets: { runsOut: boolean }[]; input: { instanceType: string } } };
    expect(j.plan.ok).toBe(false);
    expect(j.plan.subnets.map((s) => s.runsOut)).toEqual([true, true, true]);
    expect(j.plan.input.instanceType).toBe('m5.xlarge');
  });

  it('exits 2 with a fix for an unknown instance type', async () => {
    // GIVEN a type keelson does not know THEN a usage error that says what to pass
    const r = await run('plan', 'ips', '--subnet', '10.0.0.0/20', '--instance-type', 'm99.huge');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/m99\.huge is not in keelson's catalogue[\s\S]*fix: use an EC2 instance type name/);
  });
});
