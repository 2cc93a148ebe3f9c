import { describe, expect, it } from 'vitest';
import { addonRows } from './addon-compat.js';
import { EKS_LIFECYCLE } from './lifecycle.js';

describe('addonRows', () => {
  const versions = Object.keys(EKS_LIFECYCLE.latestAddonByVersion['kube-proxy'] ?? {});

  it('accepts a kube-proxy pinned to the target minor and rejects any other minor', () => {
    // GIVEN each version the table lists WHEN kube-proxy is pinned to the listed build, then to the previous minor
    for (const v of versions) {
      const listed = EKS_LIFECYCLE.latestAddonByVersion['kube-proxy']?.[v];
      expect(addonRows(v, { kubeProxy: listed }).find((r) => r.addon === 'kube-proxy')?.verdict).toBe('ok');
      const [a, b] = v.split('.').map(Number) as [number, number];
      expect(addonRows(v, { kubeProxy: `v${a}.${b - 1}.0-eksbuild.1` }).find((r) => r.addon === 'kube-proxy')?.verdict).toBe('incompatible');
    }
    expect(versions.length).toBeGreaterThan(3);
  });

  it('proposes the listed CoreDNS build when none or another is pinned', () => {
    // GIVEN a version with a CoreDNS row WHEN unpinned or pinned elsewhere THEN "update" to the listed build
    const v = Object.keys(EKS_LIFECYCLE.latestAddonByVersion.coredns ?? {})[0] as string;
    const listed = EKS_LIFECYCLE.latestAddonByVersion.coredns?.[v];
    expect(addonRows(v, {}).find((r) => r.addon === 'coredns')).toMatchObject({ verdict: 'update', forTarget: listed });
    expect(addonRows(v, { coredns: 'v1.0.0-eksbuild.1' }).find((r) => r.addon === 'coredns')?.verdict).toBe('update');
    expect(addonRows(v, { coredns: listed }).find((r) => r.addon === 'coredns')?.verdict).toBe('ok');
  });
});
