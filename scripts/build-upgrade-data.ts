// Builds keelson's embedded EKS lifecycle and add-on table from ../shared/data (offline):
//   npx tsx scripts/build-upgrade-data.ts [shared/data dir]
// The API deprecation table is not built here: the check rules' copy (scripts/build-deprecated-apis.js) is shared.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EksLifecycleFile } from '../src/planners/upgrade/lifecycle.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const dir = process.argv[2] ?? path.resolve(repoRoot, '../shared/data');
const output = path.join(repoRoot, 'src/planners/upgrade/eks-lifecycle.json');

interface VersionsYaml {
  compiled: string;
  policy: {
    standard_support_months: number;
    extended_support_months: number;
    price_per_cluster_hour_usd: { standard: number; extended: number };
    facts: string[];
  };
  versions: { version: string; eks_release: string; end_of_standard_support: string; end_of_extended_support: string; upstream_release?: string }[];
}
interface AddonsYaml {
  observed: string;
  latest_by_kubernetes_version: Record<string, Record<string, string>>;
  compatibility_rules: { addon: string; rule: string }[];
}

const v = parse(readFileSync(path.join(dir, 'eks-versions.yaml'), 'utf8')) as VersionsYaml;
const a = parse(readFileSync(path.join(dir, 'eks-addon-versions.yaml'), 'utf8')) as AddonsYaml;
const iso = /^\d{4}-\d{2}-\d{2}$/;
for (const r of v.versions) {
  for (const d of [r.eks_release, r.end_of_standard_support, r.end_of_extended_support]) if (!iso.test(String(d))) throw new Error(`${r.version}: ${String(d)} is not an ISO date`);
}
if (v.versions.length < 10) throw new Error(`only ${v.versions.length} versions: is ${dir}/eks-versions.yaml the lifecycle table?`);

const file: EksLifecycleFile = {
  generated: 'by scripts/build-upgrade-data.ts from shared/data/eks-versions.yaml and eks-addon-versions.yaml; do not edit by hand',
  sources: [
    `eks-versions.yaml (compiled ${v.compiled}): endoflife-date/endoflife.date products/amazon-eks.md @ de1074da (2026-07-08, MIT) and the EKS user guide kubernetes-versions.adoc (CC-BY-SA-4.0); prices from the AWS Containers blog on extended support (from April 2024)`,
    `eks-addon-versions.yaml (observed ${a.observed}): EKS user guide pages "Manage CoreDNS" and "Manage kube-proxy" (CC-BY-SA-4.0); an offline fallback, not the oracle (live: eks:DescribeAddonVersions)`,
  ],
  compiled: v.compiled,
  standardSupportMonths: v.policy.standard_support_months,
  extendedSupportMonths: v.policy.extended_support_months,
  pricePerClusterHourUsd: v.policy.price_per_cluster_hour_usd,
  facts: v.policy.facts,
  versions: v.versions.map((r) => ({
    version: String(r.version),
    eksRelease: String(r.eks_release),
    endOfStandardSupport: String(r.end_of_standard_support),
    endOfExtendedSupport: String(r.end_of_extended_support),
  })),
  addonsObserved: a.observed,
  latestAddonByVersion: a.latest_by_kubernetes_version,
  addonRules: a.compatibility_rules,
};
writeFileSync(output, `${JSON.stringify(file, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(repoRoot, output)}: ${file.versions.length} EKS versions, ${Object.keys(file.latestAddonByVersion).length} add-ons\n`);
