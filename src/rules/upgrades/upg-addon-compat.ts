import { addonRows } from '../../planners/upgrade/addon-compat.js';
import type { PinnedAddons } from '../../planners/upgrade/addon-compat.js';
import { EKS_LIFECYCLE, minorString } from '../../planners/upgrade/lifecycle.js';
import { defineRule } from '../define-rule.js';
import { addonsOf, definedAddons } from '../internal/addon-specs.js';
import type { AddonSpec } from '../internal/addon-specs.js';
import { clusterTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

/** The add-ons the embedded table judges, by EKS name, and their key in the upgrade planner's PinnedAddons. */
const JUDGED: Record<string, keyof PinnedAddons> = { 'kube-proxy': 'kubeProxy', coredns: 'coredns', 'vpc-cni': 'vpcCni' };

export default defineRule({
  id: 'UPG-ADDON-COMPAT',
  title: 'Add-on versions are compatible with the target Kubernetes version',
  severity: 'high',
  area: 'upgrades',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide\'s pre-upgrade checklist verifies every add-on version against the target Kubernetes version before the control plane moves: a kube-proxy built for another minor breaks Service routing on the nodes, and EKS refuses add-on versions it does not support for the cluster version.',
  practice: `Judged from the embedded add-on table (${EKS_LIFECYCLE.addonsObserved}, the EKS user guide's latest build per Kubernetes version), the same table \`keelson plan upgrade\` uses: kube-proxy must carry the target's minor (v1.N.x for 1.N); CoreDNS and the VPC CNI pins are shown in the plan, where the table alone cannot prove them incompatible. Live, eks:DescribeAddonVersions is the authority. The target is --target-version, else the cluster's own version. An unpinned managed add-on gets EKS's default for the version at creation, but EKS does not update it when the control plane is upgraded: update it right after.`,
  remediation: {
    keelson: 'set addons.kubeProxy.version to a v<target>.x build (or remove the pin) together with kubernetesVersion',
    eksctl: 'set version on the kube-proxy add-on to a v<target>.x build, or "latest"',
    cloudformation: 'set AddonVersion of the AWS::EKS::Addon kube-proxy to a v<target>.x build, or remove it',
    terraform: 'set addon_version of aws_eks_addon "kube-proxy" (or the eks module\'s kube-proxy entry) to a v<target>.x build, or most_recent = true',
  },
  ...clusterTargets,
  check(c, ctx) {
    const target = ctx.options.targetVersion ?? (c.version.value === undefined ? undefined : String(c.version.value));
    const targetMinor = minorString(target);
    const all = addonsOf(c, definedAddons(ctx.inventory));
    const out: Verdict[] = [];
    // Live: EKS's own list for the target version decides every add-on, not only those the table knows.
    for (const a of all) {
      if (!a.supportedVersions || a.version.value === undefined || !targetMinor) continue;
      const forTarget = a.supportedVersions.filter((v) => v.clusterVersions.some((k) => minorString(k) === targetMinor)).map((v) => v.version);
      if (forTarget.length === 0) {
        out.push(ctx.notEvaluated(`EKS lists no ${a.name} version for Kubernetes ${targetMinor} (eks:DescribeAddonVersions)`, a.version.at, { sub: a.name }));
      } else if (!forTarget.includes(a.version.value)) {
        out.push(
          ctx.fail(`${a.name} ${a.version.value} is not among the ${forTarget.length} versions EKS supports on Kubernetes ${targetMinor} (eks:DescribeAddonVersions)`, a.version.at, {
            sub: a.name,
            fix: `update ${a.name} to ${forTarget[0]} (the newest EKS lists for ${targetMinor})${ctx.options.targetVersion ? ' together with the upgrade' : ''}`,
          }),
        );
      }
    }
    const mine = all.filter((a) => JUDGED[a.name] !== undefined && !a.supportedVersions);
    const pinned: { spec: AddonSpec; version: string }[] = [];
    for (const a of mine) {
      if (a.version.unresolved) out.push(ctx.notEvaluated(`${a.name} version: ${a.version.unresolved}`, a.version.at, { sub: a.name }));
      else if (a.version.value !== undefined) pinned.push({ spec: a, version: a.version.value });
    }
    if (pinned.length === 0) return out;
    if (!targetMinor) {
      const why = c.version.unresolved ?? `the version of cluster ${c.name} is not known`;
      return [...out, ctx.notEvaluated(`add-on pins cannot be checked: ${why}; pass --target-version`, c.version.at)];
    }
    for (const { spec, version } of pinned) {
      const key = JUDGED[spec.name] as keyof PinnedAddons;
      const row = addonRows(targetMinor, { [key]: version }).find((r) => r.addon === spec.name);
      if (row?.verdict === 'incompatible') {
        out.push(ctx.fail(`${spec.name} is pinned to ${version}, which does not match Kubernetes ${targetMinor} (${row.note})`, spec.version.at, { sub: spec.name, fix: `pin ${row.forTarget ?? `a v${targetMinor}.x build`} (or remove the pin) together with the upgrade` }));
      }
    }
    return out;
  },
});
