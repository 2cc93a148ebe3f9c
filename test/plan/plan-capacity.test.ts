import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-plan-capacity-'));
// A catalogue refreshed on the developer's machine must not change what these tests see.
process.env.KEELSON_CACHE_DIR = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const workload = (kind: string, name: string, replicas: number, cpu: string, mem: string, extra = '') => `apiVersion: apps/v1
kind: ${kind}
metadata: { name: ${name}, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:${extra}
      containers: [{ name: c, image: x, resources: { requests: { cpu: "${cpu}", memory: ${mem} } } }]
`;
const dir = path.join(tmp, 'manifests');
mkdirSync(dir);
writeFileSync(path.join(dir, 'apps.yaml'), [workload('Deployment', 'web', 6, '500m', '1Gi'), workload('StatefulSet', 'db', 2, '1', '4Gi'), workload('Deployment', 'gpu', 1, '1', '1Gi', '\n      nodeSelector: { kubernetes.io/arch: s390x }')].join('---\n'));
writeFileSync(path.join(dir, 'hpa.yaml'), 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec: { scaleTargetRef: { kind: Deployment, name: web }, minReplicas: 2, maxReplicas: 40 }\n');

describe('keelson plan capacity', () => {
  it('prints the scenario table with prices, their date and the assumptions, exit 1 when a pod cannot be placed', async () => {
    // GIVEN manifests with one pod no instance type can run WHEN planned
    const r = await run('plan', 'capacity', dir);
    // THEN four scenarios, the price date, the spot assumption, and exit 1 for the unplaceable pod
    expect(r.out).toMatch(/^x86 on-demand \(baseline\)\s+\$\d+\.\d\d\/mo/m);
    expect(r.out).toMatch(/^Graviton \+ Spot \+ Savings Plans\s/m);
    expect(r.out).toMatch(/as of \d{4}-\d{2}-\d{2}/);
    expect(r.out).toContain('Spot = on-demand x 0.40');
    expect(r.out).toContain('1 pods cannot be placed');
    expect(r.code).toBe(1);
  });

  it('explains each node and each unplaced pod with --explain', async () => {
    // GIVEN --explain THEN a why-line per node and the reason for the s390x pod
    const r = await run('plan', 'capacity', dir, '--explain', '--scenario', 'x86-on-demand');
    expect(r.out).toMatch(/why: cheapest offering of the \d+ types that still hold all its pods/);
    expect(r.out).toMatch(/cannot place Deployment shop\/gpu#0: NodePool default: no instance type satisfies/);
  });

  it('emits JSON with both plans per scenario and honours --spot-discount', async () => {
    // GIVEN --format json and a 70% Spot discount THEN the assumption is recorded and every scenario has both plans
    const r = await run('plan', 'capacity', dir, '--format', 'json', '--spot-discount', '0.7');
    const j = JSON.parse(r.out) as { assumptions: { spotDiscount: number }; pricesAsOf: string; scenarios: { karpenter: { nodes: unknown[] }; best: { plan: { nodes: { type: string }[] } } }[] };
    expect(j.assumptions.spotDiscount).toBe(0.7);
    expect(j.scenarios).toHaveLength(4);
    expect(typeof j.scenarios[0]?.best.plan.nodes[0]?.type).toBe('string');
  });

  it('plans at the HPA maximums and consolidates after the scale-down to the minimums with --replicas max', async () => {
    // GIVEN an HPA 2..40 WHEN planned with --replicas max THEN 40 web pods planned and a consolidation line per scenario
    const r = await run('plan', 'capacity', dir, '--replicas', 'max', '--scenario', 'x86-on-demand');
    expect(r.out).toMatch(/^keelson plan capacity: 43 pods/m);
    expect(r.out).toMatch(/scale-down to the HPA minimums, then Karpenter consolidation: \d+ nodes deleted/);
  });

  it('writes the consolidated plan in JSON as it writes the others: instance types by name with the price, pods by id', async () => {
    // GIVEN --replicas max, so consolidation after the scale-down has nodes to work on
    const r = await run('plan', 'capacity', dir, '--replicas', 'max', '--scenario', 'x86-on-demand', '--format', 'json');
    type NodeJson = Record<string, unknown> & { type: unknown; pods: unknown[]; priceUsdPerHour: unknown };
    const j = JSON.parse(r.out) as { scenarios: { karpenter: { nodes: NodeJson[] }; consolidated: { deleted: number; plan: { nodes: NodeJson[]; unplaced: { pod: unknown }[] } } }[] };
    const s = j.scenarios[0]!;
    const consolidated = s.consolidated.plan.nodes;
    expect(consolidated.length).toBeGreaterThan(0);
    // THEN each consolidated node names its type (e.g. m7i.large), prices it, and lists its pods by id
    for (const n of consolidated) {
      expect(n.type).toMatch(/^[a-z0-9-]+\.[a-z0-9]+$/);
      expect(n.priceUsdPerHour).toEqual(expect.any(Number));
      expect(n.pods.every((p) => typeof p === 'string' && /#\d+$/.test(p))).toBe(true);
    }
    expect(s.consolidated.plan.unplaced.map((u) => typeof u.pod)).toEqual(s.consolidated.plan.unplaced.map(() => 'string'));
    // AND with the same fields as the nodes of Karpenter's plan
    expect(Object.keys(consolidated[0]!).sort()).toEqual(Object.keys(s.karpenter.nodes[0]!).sort());
    expect(r.out).not.toContain('karpenterAllocatable');
  });

  it("plans with the definition's NodePools and zones with --config", async () => {
    // GIVEN a definition whose only pool is x86 on-demand in eu-west-1 WHEN the baseline is planned with it
    const cfg = path.join(tmp, 'keelson.yaml');
    writeFileSync(cfg, 'name: demo\naccount: "123456789012"\nregion: eu-west-1\nkarpenter:\n  nodePools:\n    - { name: only-x86, architectures: [amd64], capacityTypes: [on-demand] }\n');
    const r = await run('plan', 'capacity', dir, '--config', cfg, '--scenario', 'x86-on-demand', '--format', 'json');
    const j = JSON.parse(r.out) as { notes: string[]; scenarios: { best: { plan: { nodes: { nodePool: string; zone: string }[] } } }[] };
    // THEN nodes come from that pool, in the definition's zones, and the price region is stated
    const nodes = j.scenarios[0]?.best.plan.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.nodePool === 'only-x86' && n.zone.startsWith('eu-west-1'))).toBe(true);
    expect(j.notes.some((n) => n.includes('the definition is in eu-west-1'))).toBe(true);
  });

  it('prints the configuration LP bound and each plan against it and against the per-resource bound', async () => {
    // GIVEN the manifests WHEN the baseline is planned
    const r = await run('plan', 'capacity', dir, '--scenario', 'x86-on-demand');
    // THEN both ratios per plan, and both bounds with the LP's rounds and configurations
    expect(r.out).toMatch(/best \/ bound\s+Karpenter \/ bound\s+best \/ per-resource bound/);
    expect(r.out).toMatch(/x86 on-demand \(baseline\): per-resource \$[\d,.]+\/mo, configuration LP \$[\d,.]+\/mo \(LP value \$[\d,.]+\/mo after \d+ rounds, \d+ configurations\)/);
    const j = JSON.parse((await run('plan', 'capacity', dir, '--scenario', 'x86-on-demand', '--format', 'json')).out) as { scenarios: { bound: { usdPerHour: number; perResourceUsdPerHour: number; configLp: { boundUsdPerHour: number } }; figures: { best: { usdPerMonth: number } } }[] };
    const b = j.scenarios[0]?.bound;
    expect(b?.usdPerHour).toBe(Math.max(b?.perResourceUsdPerHour ?? 0, b?.configLp.boundUsdPerHour ?? 0));
    expect((b?.usdPerHour ?? 0) * 730).toBeLessThanOrEqual((j.scenarios[0]?.figures.best.usdPerMonth ?? 0) + 1e-6);
  });

  it('honours required pod anti-affinity from the manifests and lists the pod it cannot place with the reason', async () => {
    // GIVEN 4 replicas allowed one per zone, in 3 zones
    const d = path.join(tmp, 'anti');
    mkdirSync(d);
    writeFileSync(
      path.join(d, 'db.yaml'),
      workload('Deployment', 'db', 4, '500m', '1Gi', '\n      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - { topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: db } } }'),
    );
    const r = await run('plan', 'capacity', d, '--explain', '--scenario', 'x86-on-demand');
    // THEN three placed, the fourth listed with the anti-affinity reason, exit 1
    expect(r.out).toMatch(/cannot place Deployment shop\/db#\d: required pod anti-affinity: every zone it may use \[us-east-1a,us-east-1b,us-east-1c\] already runs a pod matching \{app=db\} per zone/);
    expect(r.code).toBe(1);
  });

  it('exits 2 with a fix for a bad discount and for a region without prices', async () => {
    // GIVEN invalid options THEN usage errors that say what to pass
    const bad = await run('plan', 'capacity', dir, '--spot-discount', '60');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('fix: pass --spot-discount 0.6');
    const region = await run('plan', 'capacity', dir, '--region', 'eu-west-1');
    expect(region.code).toBe(2);
    expect(region.err).toMatch(/no prices for eu-west-1/);
  });
});
