/**
 * The EKS version lifecycle and the add-on table, embedded from ../shared/data by scripts/build-upgrade-data.ts:
 * support windows, the extended-support price, and the latest add-on build EKS listed per Kubernetes version.
 */
import raw from './eks-lifecycle.json' with { type: 'json' };

export interface EksVersion {
  readonly version: string;
  readonly eksRelease: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
}

export interface EksLifecycleFile {
  readonly generated: string;
  readonly sources: readonly string[];
  readonly compiled: string;
  readonly standardSupportMonths: number;
  readonly extendedSupportMonths: number;
  readonly pricePerClusterHourUsd: { readonly standard: number; readonly extended: number };
  readonly facts: readonly string[];
  readonly versions: readonly EksVersion[];
  readonly addonsObserved: string;
  /** add-on name -> Kubernetes minor -> add-on version. */
  readonly latestAddonByVersion: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly addonRules: readonly { readonly addon: string; readonly rule: string }[];
}

export const EKS_LIFECYCLE: EksLifecycleFile = raw as EksLifecycleFile;

/** Hours in an average month (8,760 / 12), the figure AWS bills monthly estimates with. */
export const HOURS_PER_MONTH = 730;

export type SupportState = 'standard' | 'extended' | 'end-of-life' | 'unreleased' | 'unknown';

export interface SupportWindow {
  readonly version: string;
  readonly known: EksVersion | undefined;
  readonly state: SupportState;
  /** Whole days left in the current state (until standard or extended support ends). */
  readonly daysLeft: number | undefined;
  readonly controlPlaneUsdPerMonth: { readonly standard: number; readonly extended: number };
  /** What staying on extended support costs beyond standard, per cluster and month. */
  readonly extendedPremiumUsdPerMonth: number;
}

export function parseMinor(v: string | undefined): [number, number] | undefined {
  // Tolerant of missing fields: the deprecation table leaves some versions out.
  const m = /^v?(\d+)\.(\d+)/.exec((v ?? '').trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function minorString(v: string | undefined): string | undefined {
  const m = parseMinor(v);
  return m ? `${m[0]}.${m[1]}` : undefined;
}

const DAY_MS = 86_400_000;

/** The support window of a version on a date (ISO yyyy-mm-dd; defaults to today). */
export function supportWindow(version: string, today: string, data: EksLifecycleFile = EKS_LIFECYCLE): SupportWindow {
  const minor = minorString(version) ?? version;
  const known = data.versions.find((v) => v.version === minor);
  const price = data.pricePerClusterHourUsd;
  const cost = { standard: price.standard * HOURS_PER_MONTH, extended: price.extended * HOURS_PER_MONTH };
  const premium = (price.extended - price.standard) * HOURS_PER_MONTH;
  if (!known) return { version: minor, known, state: 'unknown', daysLeft: undefined, controlPlaneUsdPerMonth: cost, extendedPremiumUsdPerMonth: premium };
  const days = (until: string): number => Math.round((Date.parse(until) - Date.parse(today)) / DAY_MS);
  // Billing for extended support starts on the end-of-standard-support day itself.
  const state: SupportState = today < known.eksRelease ? 'unreleased' : today < known.endOfStandardSupport ? 'standard' : today < known.endOfExtendedSupport ? 'extended' : 'end-of-life';
  const daysLeft = state === 'standard' ? days(known.endOfStandardSupport) : state === 'extended' ? days(known.endOfExtendedSupport) : state === 'unreleased' ? days(known.eksRelease) : 0;
  return { version: minor, known, state, daysLeft, controlPlaneUsdPerMonth: cost, extendedPremiumUsdPerMonth: premium };
}

export function newestVersion(data: EksLifecycleFile = EKS_LIFECYCLE): string {
  return [...data.versions].sort((a, b) => compareMinor(b.version, a.version))[0]?.version ?? '';
}

export function compareMinor(a: string, b: string): number {
  const x = parseMinor(a) ?? [0, 0];
  const y = parseMinor(b) ?? [0, 0];
  return x[0] - y[0] || x[1] - y[1];
}
