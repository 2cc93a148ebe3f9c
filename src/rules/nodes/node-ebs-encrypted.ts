import { defineRule } from '../define-rule.js';
import { nodeTargets } from '../internal/targets.js';
import type { Verdict } from '../types.js';

export default defineRule({
  id: 'NODE-EBS-ENCRYPTED',
  title: 'Node root volumes are encrypted gp3',
  severity: 'high',
  area: 'nodes',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'The guide encrypts node root volumes (container images, emptyDir data and logs live there) and uses gp3, which is cheaper than gp2 with a baseline of 3,000 IOPS.',
  practice: 'An account-level "EBS encryption by default" setting also encrypts these volumes; it lives outside these files, so keelson asks for it in the node definition.',
  remediation: {
    eksctl: 'set volumeEncrypted: true and volumeType: gp3 on the node group',
    cloudformation: 'set BlockDeviceMappings[].Ebs: {Encrypted: true, VolumeType: gp3} in the launch template',
    terraform: 'aws_launch_template: block_device_mappings { device_name = "/dev/xvda" ebs { encrypted = true, volume_type = "gp3" } }; terraform-aws-modules/eks node groups: block_device_mappings = { xvda = { device_name = "/dev/xvda", ebs = { encrypted = true, volume_type = "gp3" } } }',
    kubernetes: 'set blockDeviceMappings[].ebs: {encrypted: true, volumeType: gp3} on the EC2NodeClass',
  },
  ...nodeTargets(),
  check(n, ctx) {
    const out: Verdict[] = [];
    const what = `${n.kind === 'ec2NodeClass' ? 'EC2NodeClass' : 'node group'} "${n.name}"`;
    const enc = n.volumeEncrypted;
    if (enc.unresolved) out.push(ctx.notEvaluated(`volume encryption: ${enc.unresolved}`, enc.at, { sub: 'encrypted' }));
    else if (enc.value !== true) out.push(ctx.fail(`${what} has an unencrypted root volume${enc.defaulted ? ' (the default)' : ''}`, enc.at, { sub: 'encrypted' }));
    const type = n.volumeType;
    if (!type.unresolved && type.value !== undefined && type.value !== 'gp3') out.push(ctx.fail(`${what} root volume is ${String(type.value)}, not gp3`, type.at, { sub: 'gp3' }));
    return out;
  },
});
