import { defineRule } from '../define-rule.js';
import { networkTargets } from '../internal/network.js';

export default defineRule({
  id: 'NET-FLOW-LOGS',
  title: 'VPC flow logs are on',
  severity: 'medium',
  area: 'network',
  evidence: ['DEF', 'LIVE'],
  rationale: 'The guide turns on VPC Flow Logs for security auditing and network troubleshooting: without them there is no record of which pod or node talked to what, after an incident or while chasing a dropped connection.',
  remediation: {
    keelson: 'remove network.flowLogs.enabled: false (flow logs are on by default)',
    eksctl: 'eksctl has no flow-log setting: after eksctl create cluster, run aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc> (or manage the VPC in IaC)',
    cloudformation: 'add an AWS::EC2::FlowLog with ResourceType: VPC and ResourceId: !Ref <the VPC> (CDK: vpc.addFlowLog)',
    terraform: 'terraform-aws-modules/vpc: enable_flow_log = true (with create_flow_log_cloudwatch_log_group and create_flow_log_cloudwatch_iam_role, or a flow_log_destination_arn); raw resources: an aws_flow_log with vpc_id = aws_vpc.<name>.id',
  },
  ...networkTargets,
  check(n, ctx) {
    const f = n.flowLogs;
    if (f.value === undefined) return [ctx.notEvaluated(`flow logs of ${n.name}: ${f.unresolved ?? 'unknown'}`, f.at)];
    if (!f.value) return [ctx.fail(`VPC ${n.name} has no flow logs${n.source === 'eksctl' ? ' (eksctl does not create them)' : ''}`, f.at)];
    return [];
  },
});
