import { defineRule } from '../define-rule.js';
import { nodeTargets } from '../internal/targets.js';

const GOOD = new Set(['AmazonLinux2023', 'Bottlerocket']);

export default defineRule({
  id: 'NODE-AMI',
  title: 'Nodes run Amazon Linux 2023 or Bottlerocket',
  severity: 'medium',
  area: 'nodes',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'The guide picks Amazon Linux 2023 (SELinux enforcing, faster boot, supported beyond AL2) or Bottlerocket; Amazon Linux 2 EKS AMIs are no longer published for Kubernetes 1.33 and later.',
  practice: 'The guide\'s Karpenter example uses `al2023@latest`; current Karpenter guidance pins the alias (e.g. `al2023@v20250505`) in production and rolls it forward deliberately, since `@latest` replaces nodes whenever AWS ships an AMI.',
  remediation: {
    keelson: 'set systemNodeGroup.amiType to an AL2023_* or BOTTLEROCKET_* value',
    eksctl: 'set amiFamily: AmazonLinux2023 (or Bottlerocket)',
    cloudformation: 'set AmiType: AL2023_x86_64_STANDARD (or AL2023_ARM_64_STANDARD, BOTTLEROCKET_*)',
    terraform: 'set ami_type = "AL2023_x86_64_STANDARD"',
    kubernetes: 'set amiSelectorTerms: [{alias: al2023@<version>}] on the EC2NodeClass',
  },
  ...nodeTargets(),
  check(n, ctx) {
    const fam = n.amiFamily;
    if (fam.unresolved) return [ctx.notEvaluated(`AMI family: ${fam.unresolved}`, fam.at)];
    if (fam.value === undefined) return [ctx.notEvaluated(`the AMI of "${n.name}" is chosen by ID or tags; its OS cannot be told from the file`, fam.at)];
    if (!GOOD.has(fam.value)) return [ctx.fail(`"${n.name}" runs ${fam.value}, not Amazon Linux 2023 or Bottlerocket`, fam.at)];
    return [];
  },
});
