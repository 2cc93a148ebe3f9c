import { valueAt } from '../../sources/fact.js';
import type { ClusterFact, Inventory } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { addonsOf, definedAddons } from '../internal/addon-specs.js';
import type { AddonSpec } from '../internal/addon-specs.js';
import { helmCharts, workloadsMatching } from '../internal/components.js';
import { cfnResources, rawAt, tfBlocks } from '../internal/definitions.js';
import { manifestPolicyEngines } from '../internal/cni.js';
import { scopeRule } from '../internal/scope.js';
import type { Scope } from '../internal/scope.js';
import type { RuleContext, Verdict } from '../types.js';

interface Component {
  /** The EKS add-on name, also the sub-id. */
  readonly name: string;
  readonly label: string;
  /** EKS offers it as a managed add-on and the guide wants that form. */
  readonly managedOffered: boolean;
  /** Helm chart names and workload names/images that install it from manifests or Terraform. */
  readonly charts: readonly string[];
  readonly workloads: RegExp;
  /** Service accounts whose role (a Pod Identity association) shows the definition provisions it for a Helm install. */
  readonly serviceAccount?: string;
}

const COMPONENTS: readonly Component[] = [
  { name: 'vpc-cni', label: 'Amazon VPC CNI', managedOffered: true, charts: ['aws-vpc-cni'], workloads: /^aws-node$|amazon-k8s-cni/ },
  { name: 'coredns', label: 'CoreDNS', managedOffered: true, charts: ['coredns'], workloads: /^coredns$|\/coredns:/ },
  { name: 'kube-proxy', label: 'kube-proxy', managedOffered: true, charts: [], workloads: /^kube-proxy$|\/kube-proxy:/ },
  { name: 'aws-ebs-csi-driver', label: 'EBS CSI driver', managedOffered: true, charts: ['aws-ebs-csi-driver'], workloads: /^ebs-csi-controller$|aws-ebs-csi-driver/ },
  { name: 'aws-load-balancer-controller', label: 'AWS Load Balancer Controller', managedOffered: false, charts: ['aws-load-balancer-controller'], workloads: /aws-load-balancer-controller/, serviceAccount: 'aws-load-balancer-controller' },
  { name: 'metrics-server', label: 'metrics-server', managedOffered: false, charts: ['metrics-server'], workloads: /^metrics-server$|\/metrics-server:/ },
];

/** The eks-blueprints-addons module switches that install a component with Helm. */
const BLUEPRINT_SWITCHES: Record<string, string> = { 'aws-load-balancer-controller': 'enable_aws_load_balancer_controller', 'metrics-server': 'enable_metrics_server', 'aws-ebs-csi-driver': 'enable_aws_ebs_csi_driver' };

/** Where a component is installed other than as an EKS add-on: manifests, Helm in CloudFormation or Terraform, a role for its service account. */
function installedElsewhere(inv: Inventory, c: Component): { at: At; what: string } | undefined {
  const w = workloadsMatching(inv, c.workloads, ['Deployment', 'DaemonSet'])[0];
  if (w) return { at: w.object.at, what: `${w.object.kind} ${w.object.name}` };
  const chart = helmCharts(inv).find((h) => c.charts.includes(h.chart));
  if (chart) return { at: chart.at, what: `the ${chart.chart} Helm chart` };
  const cfnChart = cfnResources(inv).find((r) => r.type.endsWith('HelmChart') && c.charts.includes(String(r.properties.Chart)));
  if (cfnChart) return { at: cfnChart.at, what: `${cfnChart.type} ${cfnChart.id}` };
  const tfChart = tfBlocks(inv, 'resource', 'helm_release').find((b) => c.charts.includes(String(b.value.chart)));
  if (tfChart) return { at: tfChart.at, what: `helm_release ${tfChart.name}` };
  const sw = BLUEPRINT_SWITCHES[c.name];
  const bp = sw ? tfBlocks(inv, 'module').find((m) => m.value[sw] === true) : undefined;
  if (bp && sw) return { at: child(bp.at, sw), what: `module ${bp.name} ${sw}` };
  if (c.serviceAccount) {
    const pia = cfnResources(inv, 'AWS::EKS::PodIdentityAssociation').find((r) => r.properties.ServiceAccount === c.serviceAccount);
    if (pia) return { at: pia.at, what: `a Pod Identity association for ${c.serviceAccount}` };
  }
  return undefined;
}

const SELF_MANAGED_AT_CREATION = new Set(['vpc-cni', 'coredns', 'kube-proxy']);

/** EKS installs vpc-cni, coredns and kube-proxy itself, self-managed, unless the cluster opts out. */
function bootstrapsSelfManaged(inv: Inventory, at: At): boolean {
  const raw = rawAt(inv, at);
  return valueAt(raw, ['Properties', 'BootstrapSelfManagedAddons']) !== false && valueAt(raw, ['bootstrap_self_managed_addons']) !== false;
}

/** keelson's switch for each component, where a disabled one is pointed at. */
const KEELSON_SWITCH: Record<string, readonly string[]> = {
  'kube-proxy': ['addons', 'kubeProxy', 'enabled'],
  'aws-ebs-csi-driver': ['addons', 'ebsCsi', 'enabled'],
  'metrics-server': ['addons', 'metricsServer', 'enabled'],
  'aws-load-balancer-controller': ['loadBalancerController', 'enabled'],
};

/** Where a missing component is reported: the switch (keelson), the addons list (eksctl), else the cluster. */
function missingAt(cluster: ClusterFact, c: Component): At {
  // Both readers locate the cluster one level below the document root (keelson `name`, eksctl `metadata`).
  const root: At = { origin: cluster.at.origin, path: cluster.at.path.slice(0, -1) };
  if (cluster.source === 'keelson') return child(root, ...(KEELSON_SWITCH[c.name] ?? ['addons']));
  if (cluster.source === 'eksctl') return child(root, 'addons');
  return cluster.at;
}

function judgeComponent(s: Scope, c: Component, mine: readonly AddonSpec[], cluster: ClusterFact, ctx: RuleContext): Verdict | undefined {
  const inv = s.inventory;
  // Written in the definition: an EKS managed add-on, or keelson's own Helm install of the LB controller.
  if (mine.some((a) => a.name === c.name)) return undefined;
  const elsewhere = installedElsewhere(inv, c);
  // Cilium as the CNI (with kube-proxy replacement) stands in for the VPC CNI and kube-proxy.
  if (!elsewhere && (c.name === 'vpc-cni' || c.name === 'kube-proxy') && manifestPolicyEngines(inv).some((e) => e.engine === 'Cilium' && e.enforcing)) return undefined;
  if (elsewhere) return c.managedOffered ? ctx.fail(`${c.label} is installed as ${elsewhere.what}, not as the EKS managed add-on ${c.name}`, elsewhere.at, { sub: c.name }) : undefined;
  if (SELF_MANAGED_AT_CREATION.has(c.name) && (cluster.source === 'cloudformation' || cluster.source === 'terraform') && bootstrapsSelfManaged(inv, cluster.at)) {
    return ctx.fail(`cluster ${cluster.name}: ${c.label} runs only as the self-managed copy EKS installs at creation: add the managed add-on ${c.name} so EKS versions and updates it`, cluster.at, { sub: c.name });
  }
  return ctx.fail(`cluster ${cluster.name}: ${c.label} is not installed by the inputs${c.managedOffered ? ` (EKS add-on ${c.name})` : ''}`, missingAt(cluster, c), { sub: c.name });
}

export default defineRule({
  id: 'ADDON-CORE',
  title: 'VPC CNI, CoreDNS, kube-proxy, EBS CSI, LB controller and metrics-server are installed, as managed add-ons where offered',
  severity: 'medium',
  area: 'addons',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'The guide lists the add-ons every production cluster needs: pod networking (VPC CNI), DNS (CoreDNS), service routing (kube-proxy), volumes (EBS CSI), load balancers (AWS Load Balancer Controller) and the resource metrics HPA scales on (metrics-server). It prefers EKS managed add-ons for the core components: AWS tests each version against the cluster version and updates them through the API.',
  practice: 'EKS installs self-managed copies of the VPC CNI, CoreDNS and kube-proxy on clusters created outside the console; they work but nothing updates them, so they fail here until the managed add-on replaces them. eksctl 0.184 and later installs those three as managed add-ons by itself, and recent releases (checked at v0.230) metrics-server too, unless addonsConfig.disableDefaultAddons is set. The AWS Load Balancer Controller is not an EKS add-on (Helm is the supported install), and metrics-server may come from Helm or the EKS community add-on: both pass. Cilium with kube-proxy replacement stands in for the VPC CNI and kube-proxy.',
  remediation: {
    keelson: 'keep the add-ons enabled (addons.kubeProxy/ebsCsi/metricsServer.enabled, loadBalancerController.enabled: true)',
    eksctl: 'list the add-ons under addons: (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, metrics-server) and install the AWS Load Balancer Controller with Helm',
    cloudformation: 'add an AWS::EKS::Addon for each of vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver (and metrics-server), and install the AWS Load Balancer Controller with Helm',
    terraform: 'add aws_eks_addon resources (or cluster_addons / addons entries of the eks module) for vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, and a helm_release for aws-load-balancer-controller and metrics-server',
    kubernetes: 'install the missing components (the aws-load-balancer-controller and metrics-server Helm charts); install the core ones as EKS managed add-ons',
  },
  ...scopeRule(true),
  check(s, ctx) {
    const inv = s.inventory;
    const cluster = inv.clusters[0];
    if (!cluster) {
      // Manifests alone: the core add-ons usually come from the cluster definition, so what is missing is undecided.
      const missing = COMPONENTS.filter((c) => !installedElsewhere(inv, c));
      return missing.length === 0 ? [] : [ctx.notEvaluated(`not in the manifests: ${missing.map((c) => c.label).join(', ')}; core add-ons are usually installed by the cluster definition: check it too`, s.at)];
    }
    const mine = addonsOf(cluster, definedAddons(inv));
    return COMPONENTS.flatMap((c) => judgeComponent(s, c, mine, cluster, ctx) ?? []);
  },
});
