import { describe, expect, it } from 'vitest';
import rule from './dns-nodelocal.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';

const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
const EKSCTL = (groups: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: eu-west-1\nmanagedNodeGroups:\n${groups}`;

describe('DNS-NODELOCAL', () => {
  it('fails a keelson cluster planned for 300 nodes without NodeLocal DNSCache, at dns.nodeLocal.enabled', () => {
    const r = checkYaml(rule, `${KEELSON}addons:\n  coreDns:\n    expectedNodes: 300\ndns:\n  nodeLocal:\n    enabled: false\n`);
    expect(failures(r)).toEqual(['DNS-NODELOCAL in.yaml:9']);
    expect(r.findings[0]?.message).toMatch(/300 nodes \(addons.coreDns.expectedNodes\)/);
  });

  it('points at expectedNodes when the definition has no dns section', () => {
    expect(failures(checkYaml(rule, `${KEELSON}addons:\n  coreDns:\n    expectedNodes: 300\n`))).toEqual(['DNS-NODELOCAL in.yaml:6']);
  });

  it('passes a large keelson cluster with dns.nodeLocal.enabled, and a small one without', () => {
    expect(checkYaml(rule, `${KEELSON}addons:\n  coreDns:\n    expectedNodes: 300\ndns:\n  nodeLocal:\n    enabled: true\n`).rules[0]?.status).toBe('pass');
    expect(checkYaml(rule, KEELSON).rules[0]?.status).toBe('pass');
  });

  it('sizes an eksctl cluster by its node groups: 2 x 60 nodes is large, and a node-local-dns DaemonSet in the manifests passes it', () => {
    const cluster = EKSCTL('  - {name: a, maxSize: 60}\n  - {name: b, maxSize: 60}\n');
    expect(failures(checkYaml(rule, cluster))).toEqual(['DNS-NODELOCAL in.yaml:7']);
    const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-local-dns, namespace: kube-system}\nspec:\n  selector: {matchLabels: {k8s-app: node-local-dns}}\n  template:\n    metadata: {labels: {k8s-app: node-local-dns}}\n    spec:\n      hostNetwork: true\n      containers:\n        - name: node-cache\n          image: registry.k8s.io/dns/k8s-dns-node-cache:1.26.4\n';
    expect(checkFiles(rule, { 'cluster.yaml': cluster, 'nodelocaldns.yaml': ds }).findings).toEqual([]);
  });

  it('is not evaluated when the node count is unknown (manifests only)', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment() });
    expect(r.rules[0]?.status).toBe('not-evaluated');
    expect(r.findings[0]?.message).toMatch(/do not say how many nodes/);
  });

  it('passes keelson\'s own GitOps tree with dns.nodeLocal on (its node-local-dns DaemonSet)', () => {
    expect(checkFiles(rule, ownManifests({ dns: { nodeLocal: { enabled: true } } })).rules[0]?.status).toBe('pass');
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the small eksctl examples (a few nodes do not need a node cache)', () => {
      expect(checkFixtures(rule, ['eksctl/03-two-nodegroups.yaml']).rules[0]?.status).toBe('pass');
    });
  });
});
