import { LOG_TYPES } from '../../model/constants.js';
import { defineRule } from '../define-rule.js';
import { clusterTargets } from '../internal/targets.js';

export default defineRule({
  id: 'CP-LOGGING',
  title: 'All five control-plane log types are on',
  severity: 'high',
  area: 'control-plane',
  evidence: ['DEF', 'LIVE'],
  checklist: 4,
  rationale: 'The guide turns on api, audit, authenticator, controllerManager and scheduler logs: without audit and authenticator logs there is no record of who did what to the cluster.',
  remediation: {
    keelson: 'remove logging.types (all five is the default) or list all five',
    eksctl: 'set cloudWatch.clusterLogging.enableTypes: ["*"]',
    cloudformation: 'list all five types in Logging.ClusterLogging.EnabledTypes',
    terraform: 'aws_eks_cluster: enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]; terraform-aws-modules/eks: the same list in cluster_enabled_log_types (v21: enabled_log_types), whose default leaves out controllerManager and scheduler',
  },
  ...clusterTargets,
  check(c, ctx) {
    const t = c.logTypes;
    if (t.unresolved) return [ctx.notEvaluated(`log types: ${t.unresolved}`, t.at)];
    const on = new Set((t.value ?? []).map((x) => String(x)));
    if (on.has('*') || on.has('all')) return [];
    return LOG_TYPES.filter((type) => !on.has(type)).map((type) => ctx.fail(`control-plane log type "${type}" is off`, t.at, { sub: type }));
  },
});
