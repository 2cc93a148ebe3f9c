import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sharedDataFile, skipReason } from '../internal/shared-data.js';
import { compareMinor, EKS_LIFECYCLE, HOURS_PER_MONTH, newestVersion, supportWindow } from './lifecycle.js';

const dayBefore = (iso: string): string => new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);

describe('EKS lifecycle', () => {
  const v = EKS_LIFECYCLE.versions.find((x) => x.version === '1.33');
  if (!v) throw new Error('1.33 missing from the embedded table');

  it('moves a version from standard to extended support on its end-of-standard day, and to end-of-life after', () => {
    // GIVEN 1.33's dates WHEN judged the day before and on each boundary THEN the state changes on the day itself
    expect(supportWindow('1.33', dayBefore(v.endOfStandardSupport)).state).toBe('standard');
    expect(supportWindow('1.33', dayBefore(v.endOfStandardSupport)).daysLeft).toBe(1);
    expect(supportWindow('1.33', v.endOfStandardSupport).state).toBe('extended');
    expect(supportWindow('1.33', v.endOfExtendedSupport).state).toBe('end-of-life');
    expect(supportWindow('1.33', dayBefore(v.eksRelease)).state).toBe('unreleased');
    expect(supportWindow('v1.33.4', v.eksRelease).version).toBe('1.33');
    expect(supportWindow('1.99', v.eksRelease).state).toBe('unknown');
  });

  it('prices extended support as the per-hour difference over a 730-hour month', () => {
    // GIVEN the embedded prices WHEN a window is computed THEN the premium is (extended - standard) x 730
    const w = supportWindow('1.33', v.eksRelease);
    const p = EKS_LIFECYCLE.pricePerClusterHourUsd;
    expect(w.extendedPremiumUsdPerMonth).toBeCloseTo((p.extended - p.standard) * HOURS_PER_MONTH, 6);
    expect(w.controlPlaneUsdPerMonth.extended).toBeCloseTo(p.extended * HOURS_PER_MONTH, 6);
  });

  it('knows which version is newest', () => {
    // GIVEN the table THEN no version is newer than newestVersion()
    const newest = newestVersion();
    expect(EKS_LIFECYCLE.versions.every((x) => compareMinor(x.version, newest) <= 0)).toBe(true);
  });

  const shared = sharedDataFile('eks-versions.yaml');
  it.skipIf(!shared)(`matches the shared eks-versions.yaml${shared ? '' : ` (${skipReason('eks-versions.yaml')})`}`, () => {
    // GIVEN the shared table WHEN compared THEN every version and date was embedded unchanged
    const y = parse(readFileSync(shared as string, 'utf8')) as { versions: { version: string; eks_release: string; end_of_standard_support: string; end_of_extended_support: string }[]; policy: { price_per_cluster_hour_usd: { standard: number; extended: number } } };
    expect(EKS_LIFECYCLE.versions).toEqual(y.versions.map((r) => ({ version: r.version, eksRelease: r.eks_release, endOfStandardSupport: r.end_of_standard_support, endOfExtendedSupport: r.end_of_extended_support })));
    expect(EKS_LIFECYCLE.pricePerClusterHourUsd).toEqual(y.policy.price_per_cluster_hour_usd);
  });
});
