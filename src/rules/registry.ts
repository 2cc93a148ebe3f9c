/** Every rule keelson checks, in catalogue order. A meta-test keeps this list and the rule folders in step. */
import cpEndpoint from './control-plane/cp-endpoint.js';
import cpLogging from './control-plane/cp-logging.js';
import cpSecretsKms from './control-plane/cp-secrets-kms.js';
import karpBudgets from './karpenter/karp-budgets.js';
import karpConsolidation from './karpenter/karp-consolidation.js';
import karpExpire from './karpenter/karp-expire.js';
import karpLimits from './karpenter/karp-limits.js';
import karpPresent from './karpenter/karp-present.js';
import netDefaultDeny from './network/net-default-deny.js';
import netPrivateNodes from './network/net-private-nodes.js';
import nodeAmi from './nodes/node-ami.js';
import nodeEbsEncrypted from './nodes/node-ebs-encrypted.js';
import nodeImdsv2 from './nodes/node-imdsv2.js';
import upgDeprecatedApis from './upgrades/upg-deprecated-apis.js';
import upgPdbDrainable from './upgrades/upg-pdb-drainable.js';
import wlHpa from './workload-resilience/wl-hpa.js';
import wlPdb from './workload-resilience/wl-pdb.js';
import wlReplicas from './workload-resilience/wl-replicas.js';
import wlResources from './workload-resilience/wl-resources.js';
import secImageRegistry from './workload-security/sec-image-registry.js';
import secImageTag from './workload-security/sec-image-tag.js';
import secPodRestricted from './workload-security/sec-pod-restricted.js';
import secPolicyEngine from './workload-security/sec-policy-engine.js';
import secPss from './workload-security/sec-pss.js';
import secRbac from './workload-security/sec-rbac.js';
import secRequiredLabels from './workload-security/sec-required-labels.js';
import cpAccessEntries from './control-plane/cp-access-entries.js';
import nodeSystemPool from './nodes/node-system-pool.js';
import karpNodeclassHardening from './karpenter/karp-nodeclass-hardening.js';
import karpSpotDiversity from './karpenter/karp-spot-diversity.js';
import wlGraceful from './workload-resilience/wl-graceful.js';
import wlTopology from './workload-resilience/wl-topology.js';
import cpVersion from './control-plane/cp-version.js';
import net3az from './network/net-3az.js';
import netSubnetSize from './network/net-subnet-size.js';
import netSubnetTags from './network/net-subnet-tags.js';
import netFlowLogs from './network/net-flow-logs.js';
import netNatHa from './network/net-nat-ha.js';
import iamTrustScoped from './identity/iam-trust-scoped.js';
import iamLeastPrivilege from './identity/iam-least-privilege.js';
import iamNodeRoleMinimal from './identity/iam-node-role-minimal.js';
import cpOidc from './control-plane/cp-oidc.js';
import secEcrScan from './workload-security/sec-ecr-scan.js';
import secGuardduty from './workload-security/sec-guardduty.js';
import addonIrsa from './addons/addon-irsa.js';
import karpInterruption from './karpenter/karp-interruption.js';
import karpDrift from './karpenter/karp-drift.js';
import karpGraviton from './karpenter/karp-graviton.js';
import obsLogs from './observability/obs-logs.js';
import netPolicyEngine from './network/net-policy-engine.js';
import obsMetrics from './observability/obs-metrics.js';
import obsTracing from './observability/obs-tracing.js';
import addonCore from './addons/addon-core.js';
import upgAddonCompat from './upgrades/upg-addon-compat.js';
import dnsCorednsHa from './dns/dns-coredns-ha.js';
import cpIac from './control-plane/cp-iac.js';
import costSavingsPlans from './upgrades/cost-savings-plans.js';
import upgCadence from './upgrades/upg-cadence.js';
import dnsNodelocal from './dns/dns-nodelocal.js';
import iamIrsa from './identity/iam-irsa.js';
import dnsNdots from './dns/dns-ndots.js';
import nodeDiscoveryTags from './nodes/node-discovery-tags.js';
import wlDoNotDisrupt from './workload-resilience/wl-do-not-disrupt.js';
import wlSpotStateful from './workload-resilience/wl-spot-stateful.js';
import netSgForPods from './network/net-sg-for-pods.js';
import secImageSigning from './workload-security/sec-image-signing.js';
import netIpCapacity from './network/net-ip-capacity.js';
import secSecretsExternal from './workload-security/sec-secrets-external.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule<unknown>[] = [
  cpIac,
  cpEndpoint,
  cpSecretsKms,
  cpLogging,
  cpVersion,
  cpAccessEntries,
  cpOidc,
  netPrivateNodes,
  net3az,
  netSubnetSize,
  netSubnetTags,
  netFlowLogs,
  netNatHa,
  netIpCapacity,
  netPolicyEngine,
  netDefaultDeny,
  netSgForPods,
  nodeImdsv2,
  nodeAmi,
  nodeSystemPool,
  nodeEbsEncrypted,
  nodeDiscoveryTags,
  karpPresent,
  karpBudgets,
  karpDrift,
  karpExpire,
  karpConsolidation,
  karpLimits,
  karpSpotDiversity,
  karpGraviton,
  karpNodeclassHardening,
  karpInterruption,
  iamIrsa,
  iamTrustScoped,
  iamLeastPrivilege,
  iamNodeRoleMinimal,
  secPss,
  secPodRestricted,
  secPolicyEngine,
  secImageRegistry,
  secImageTag,
  secRequiredLabels,
  secRbac,
  secSecretsExternal,
  secEcrScan,
  secGuardduty,
  secImageSigning,
  wlResources,
  wlPdb,
  wlHpa,
  wlReplicas,
  wlTopology,
  wlSpotStateful,
  wlGraceful,
  wlDoNotDisrupt,
  addonCore,
  addonIrsa,
  dnsCorednsHa,
  dnsNdots,
  dnsNodelocal,
  obsLogs,
  obsMetrics,
  obsTracing,
  costSavingsPlans,
  upgCadence,
  upgDeprecatedApis,
  upgAddonCompat,
  upgPdbDrainable,
] as Rule<unknown>[];
