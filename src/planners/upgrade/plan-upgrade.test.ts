import { describe, expect, it } from 'vitest';
import { cluster, today } from './upgrade.fixtures.js';
import { EKS_LIFECYCLE } from './lifecycle.js';
import { DEPRECATED_APIS } from '../../rules/upgrades/deprecated-apis.data.js';
import { planUpgrade } from './plan-upgrade.js';

describe('planUpgrade', () => {
  it('names every blocker with its file and line, and the strategy for a minor step', () => {
    // GIVEN the cluster on 1.35 WHEN planning 1.36
    const plan = planUpgrade({ inventory: cluster(), from: '1.35', to: '1.36', today });
    // THEN blue-green, and the removed FlowSchema API, the blocking PDB and AL2 are blockers with locations
    expect(plan.kind).toBe('minor');
    expect(plan.strategy).toBe('blue-green');
    const flow = DEPRECATED_APIS.find((d) => d.apiVersion === 'flowcontrol.apiserver.k8s.io/v1beta3' && d.kind === 'FlowSchema');
    expect(flow?.removedIn).toMatch(/^v1\.3[0-6]/);
    const blockers = plan.findings.filter((f) => f.level === 'blocker');
    expect(blockers.map((f) => `${f.area} ${f.location?.file}:${f.location?.line}`)).toEqual(expect.arrayContaining(['api flow.yaml:1', 'pdb pdbs.yaml:11', 'nodes karpenter.yaml:6']));
    expect(blockers.find((f) => f.area === 'pdb')?.message).toContain('allows 0 of 1 Deployment db-proxy');
    expect(plan.blockers).toBe(blockers.length);
    // AND the PDB that allows one disruption is not reported
    expect(plan.findings.some((f) => f.message.includes('shop/web '))).toBe(false);
    // AND pods that opt out of disruption and a NodePool without budgets are warnings
    expect(plan.findings.filter((f) => f.level === 'warning').map((f) => f.area)).toEqual(expect.arrayContaining(['pdb', 'nodes']));
  });

  it('plans an in-place upgrade within a minor and counts the control-plane steps of a longer jump', () => {
    // GIVEN the same cluster WHEN the target is the same minor, then three minors ahead
    const patch = planUpgrade({ inventory: cluster(), from: '1.36.1', to: '1.36.4', today });
    expect(patch.kind).toBe('patch');
    expect(patch.strategy).toBe('in-place');
    const jump = planUpgrade({ inventory: cluster(), from: '1.33', to: '1.36', today });
    // THEN the patch is in place, the jump is blue-green with three in-place steps as the alternative
    expect(jump.kind).toBe('multi-minor');
    expect(jump.inPlaceSteps).toEqual(['1.34', '1.35', '1.36']);
  });

  it('reports Karpenter v1beta1 objects whatever the Kubernetes target', () => {
    // GIVEN a v1beta1 NodePool WHEN planning any upgrade THEN it is a blocker naming karpenter.sh/v1
    const inv = cluster({ 'np.yaml': 'apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata: { name: legacy }\nspec: {}\n' });
    const f = planUpgrade({ inventory: inv, from: '1.35', to: '1.36', today }).findings.find((x) => x.location?.file === 'np.yaml');
    expect(f?.level).toBe('blocker');
    expect(f?.fix).toContain('karpenter.sh/v1');
  });

  it('warns about extended support with its monthly price and refuses an unreleased version', () => {
    // GIVEN a target already past its standard support WHEN planned THEN a warning with the premium per month
    const v131 = EKS_LIFECYCLE.versions.find((v) => v.version === '1.31');
    const late = planUpgrade({ inventory: cluster(), from: '1.30', to: '1.31', today: v131?.endOfStandardSupport ?? '' });
    const premium = (EKS_LIFECYCLE.pricePerClusterHourUsd.extended - EKS_LIFECYCLE.pricePerClusterHourUsd.standard) * 730;
    expect(late.findings.find((f) => f.area === 'support')?.message).toContain(`$${premium.toFixed(0)} more per cluster and month`);
    // AND a version EKS has not released is a blocker
    expect(planUpgrade({ inventory: cluster(), from: '1.36', to: '1.40', today }).findings.some((f) => f.area === 'support' && f.level === 'blocker')).toBe(true);
  });

  it('flags a kube-proxy pinned to another minor and a user PDB on CoreDNS', () => {
    // GIVEN kube-proxy pinned to 1.35 and a kube-system PDB selecting kube-dns WHEN planning 1.36
    const inv = cluster({ 'dns.yaml': 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: dns, namespace: kube-system }\nspec:\n  maxUnavailable: 1\n  selector: { matchLabels: { k8s-app: kube-dns } }\n' });
    const plan = planUpgrade({ inventory: inv, from: '1.35', to: '1.36', today, pinned: { kubeProxy: 'v1.35.3-eksbuild.13' } });
    const addons = plan.findings.filter((f) => f.area === 'addons');
    expect(addons.find((f) => f.level === 'blocker')?.message).toContain('kube-proxy');
    expect(addons.find((f) => f.location?.file === 'dns.yaml')?.fix).toContain('OVERWRITE');
    expect(plan.addons.find((a) => a.addon === 'kube-proxy')?.forTarget).toBe(EKS_LIFECYCLE.latestAddonByVersion['kube-proxy']?.['1.36']);
  });

  it('with a live snapshot, EKS\'s DescribeAddonVersions decides the add-on rows and blockers, at the add-on\'s line', () => {
    // GIVEN a live snapshot whose vpc-cni build EKS does not list for 1.36, and whose coredns is supported but not newest
    const addon = (id: string, name: string, version: string, versions: [string, string[]][]) =>
      `  ${id}:\n    Type: AWS::EKS::Addon\n    Properties: { ClusterName: prod, AddonName: ${name}, AddonVersion: ${version} }\n    Metadata:\n      KeelsonSupportedVersions:\n        Versions: [${versions.map(([v, k]) => `{ Version: ${v}, ClusterVersions: [${k.map((x) => `"${x}"`).join(', ')}] }`).join(', ')}]\n`;
    const snapshot = [
      'Resources:',
      '  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties: { Name: prod, Version: "1.35" }',
      addon('Addonvpccni', 'vpc-cni', 'v1.19.0-eksbuild.1', [['v1.20.1-eksbuild.3', ['1.35', '1.36']], ['v1.19.0-eksbuild.1', ['1.35']]]),
      addon('Addoncoredns', 'coredns', 'v1.12.1-eksbuild.2', [['v1.12.2-eksbuild.4', ['1.36']], ['v1.12.1-eksbuild.2', ['1.35', '1.36']]]),
    ].join('\n');
    const plan = planUpgrade({ inventory: cluster({ 'live.yaml': snapshot }), from: '1.35', to: '1.36', today });
    // THEN the rows say what EKS says, and the unsupported build is a blocker at its AddonVersion
    const row = (n: string) => plan.addons.find((a) => a.addon === n);
    expect([row('vpc-cni')?.verdict, row('vpc-cni')?.forTarget, row('coredns')?.verdict, row('coredns')?.forTarget]).toEqual(['incompatible', 'v1.20.1-eksbuild.3', 'update', 'v1.12.2-eksbuild.4']);
    const blocker = plan.findings.find((f) => f.area === 'addons' && f.level === 'blocker');
    expect(blocker).toMatchObject({ message: expect.stringContaining('vpc-cni v1.19.0-eksbuild.1 is not supported on Kubernetes 1.36'), location: expect.objectContaining({ file: 'live.yaml', line: 7, path: 'Resources.Addonvpccni.Properties.AddonVersion' }) });
    // AND kube-proxy, which the snapshot does not have, still comes from the embedded table
    expect(row('kube-proxy')?.note).toContain('its minor tracks the cluster minor');
  });
});
