import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-report-cli-'));
const at = (name: string): string => path.join(tmp, name);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CLUSTER = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: us-east-1}\nvpc:\n  clusterEndpoints: {privateAccess: true, publicAccess: true}\n';
const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:latest", resources: {requests: {cpu: 500m, memory: 1Gi}}}]
`;

describe('keelson report and keelson check --format html', () => {
  beforeAll(async () => {
    writeFileSync(at('cluster.yaml'), CLUSTER);
    writeFileSync(at('app.yaml'), APP);
    writeFileSync(at('keelson.yaml'), 'name: demo\naccount: "123456789012"\nregion: us-east-1\n');
    // The JSON every page below is made from, written by the real commands.
    expect((await run('check', at('cluster.yaml'), at('app.yaml'), '--format', 'json', '-o', at('result.json'))).code).toBe(1);
  });

  it('writes the same page from keelson check --format html as from keelson report of its JSON', async () => {
    const direct = await run('check', at('cluster.yaml'), at('app.yaml'), '--format', 'html', '-o', at('direct.html'));
    expect(direct.code).toBe(1);
    expect(direct.err).toContain('wrote');
    const viaJson = await run('report', at('result.json'));
    expect(viaJson.code).toBe(0);
    expect(viaJson.out.startsWith('<!doctype html>')).toBe(true);
    expect(readFileSync(at('direct.html'), 'utf8')).toBe(viaJson.out);
  });

  it('adds the capacity, IP and upgrade plans that keelson plan writes as JSON, in any order', async () => {
    const capacity = await run('plan', 'capacity', '--config', at('keelson.yaml'), at('app.yaml'), '--format', 'json');
    const ips = await run('plan', 'ips', '--config', at('keelson.yaml'), '--format', 'json');
    const upgrade = await run('plan', 'upgrade', '--config', at('keelson.yaml'), '--to', '1.36', '--today', '2026-11-26', '--format', 'json', at('app.yaml'));
    writeFileSync(at('capacity.json'), capacity.out);
    writeFileSync(at('ips.json'), ips.out);
    writeFileSync(at('upgrade.json'), upgrade.out);
    // The upgrade JSON carries its Markdown runbook for the page.
    expect((JSON.parse(upgrade.out) as { runbook?: string }).runbook).toMatch(/^# Upgrade runbook: demo /);
    const r = await run('report', at('upgrade.json'), at('result.json'), at('ips.json'), at('capacity.json'), '-o', at('report.html'));
    expect(r.code).toBe(0);
    const html = readFileSync(at('report.html'), 'utf8');
    for (const id of ['summary', 'scorecard', 'findings', 'capacity', 'ips', 'upgrade']) expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('<svg class="chart" id="cost-chart"');
    expect(html).toContain('<title>EKS production readiness: demo</title>');
  });

  it('compares two results with --compare and refuses two results without it', async () => {
    // GIVEN a later result where the image tag is fixed
    writeFileSync(at('app-fixed.yaml'), APP.replace('nginx:latest', 'nginx:1.27'));
    await run('check', at('cluster.yaml'), at('app-fixed.yaml'), '--format', 'json', '-o', at('after.json'));
    const both = await run('report', at('result.json'), at('after.json'));
    expect(both.code).toBe(2);
    expect(both.err).toContain(`fix: keelson report ${at('after.json')} --compare ${at('result.json')}`);
    const r = await run('report', at('after.json'), '--compare', at('result.json'));
    expect(r.code).toBe(0);
    const compare = r.out.slice(r.out.indexOf('<section id="compare"'), r.out.indexOf('<section id="scorecard"'));
    expect(compare).toMatch(/Fixed findings \((\d+)\)/);
    expect(Number(/Fixed findings \((\d+)\)/.exec(compare)?.[1])).toBeGreaterThan(0);
    expect(compare).toContain('SEC-IMAGE-TAG[latest]');
  });

  it('exits 2 with the file and the fix for input that is not keelson JSON', async () => {
    writeFileSync(at('notes.txt'), 'not json');
    writeFileSync(at('other.json'), '{"hello": "world"}');
    const notJson = await run('report', at('notes.txt'));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain(`${at('notes.txt')} is not JSON`);
    const other = await run('report', at('other.json'));
    expect(other.code).toBe(2);
    expect(other.err).toContain('not the JSON of keelson check or keelson plan');
    const planOnly = await run('report', at('ips.json'));
    expect(planOnly.code).toBe(2);
    expect(planOnly.err).toContain('no check result among the inputs');
    const badFormat = await run('check', at('app.yaml'), '--format', 'htm');
    expect(badFormat.err).toContain('table, json, sarif, junit, html');
  });
});
