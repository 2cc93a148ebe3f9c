import { describe, expect, it } from 'vitest';
import { KeelsonError } from '../errors.js';
import { parseDefinition } from './parse.js';
import { parseYamlDefinition } from './load.js';
import { DEFAULT_KUBERNETES_VERSION } from './schema.js';

const base = { name: 'prod', account: '123456789012', region: 'us-east-1' };

function problemsOf(fn: () => unknown): KeelsonError['problems'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeelsonError) return e.problems;
    throw e;
  }
  throw new Error('expected a KeelsonError');
}

describe('defaults are the guide', () => {
  // GIVEN only the three required fields WHEN parsed THEN every default is the guide's recommendation
  const d = parseDefinition(base);
  it.each([
    ['kubernetesVersion', d.kubernetesVersion, DEFAULT_KUBERNETES_VERSION],
    ['network.cidr', d.network.cidr, '10.0.0.0/16'],
    ['network.privateSubnetPrefix', d.network.privateSubnetPrefix, 20],
    ['network.publicSubnetPrefix', d.network.publicSubnetPrefix, 24],
    ['network.natGateways', d.network.natGateways, 'one-per-az'],
    ['network.flowLogs.enabled', d.network.flowLogs.enabled, true],
    ['endpoint.privateAccess', d.endpoint.privateAccess, true],
    ['endpoint.publicAccess', d.endpoint.publicAccess, false],
    ['encryption.kmsKeyArn', d.encryption.kmsKeyArn, undefined],
    ['logging.types', d.logging.types, ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']],
    ['access.authenticationMode', d.access.authenticationMode, 'API'],
    ['systemNodeGroup.instanceTypes', d.systemNodeGroup.instanceTypes, ['m7g.large']],
    ['systemNodeGroup.amiType', d.systemNodeGroup.amiType, 'AL2023_ARM_64_STANDARD'],
    ['systemNodeGroup sizes', [d.systemNodeGroup.minSize, d.systemNodeGroup.maxSize, d.systemNodeGroup.desiredSize], [2, 4, 2]],
    ['systemNodeGroup.labels.role', d.systemNodeGroup.labels.role, 'system'],
    ['systemNodeGroup.taints', d.systemNodeGroup.taints, [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]],
    ['addons.vpcCni.prefixDelegation', d.addons.vpcCni.prefixDelegation, true],
    ['addons.vpcCni.networkPolicy', d.addons.vpcCni.networkPolicy, true],
    ['addons.efsCsi.enabled', d.addons.efsCsi.enabled, false],
    ['addons.guardDuty.enabled', d.addons.guardDuty.enabled, true],
    ['ecr.scanType', d.ecr.scanType, 'ENHANCED'],
    ['tags', d.tags, { Environment: 'production', Team: 'platform' }],
    ['addonIdentityMode', d.addonIdentityMode, 'podIdentity'],
  ])('%s', (_field, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('bad input names the field, the value and the fix', () => {
  it.each([
    [{ endpoint: { publicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } }, 'endpoint.publicAccessCidrs[0]', /whole internet/, /acknowledgePublicAccessFromAnywhere/],
    [{ endpoint: { publicAccess: true } }, 'endpoint.publicAccessCidrs', /0\.0\.0\.0\/0/, /VPN/],
    [{ endpoint: { publicAccess: true, publicAccessCidrs: ['10.0.0.0/8'] } }, 'endpoint.publicAccessCidrs[0]', /private range/, /public egress/],
    [{ endpoint: { publicAccess: true, publicAccessCidrs: ['100.64.1.0/24'] } }, 'endpoint.publicAccessCidrs[0]', /private range/, /public egress/],
    [{ endpoint: { privateAccess: false } }, 'endpoint.privateAccess', /private API endpoint is off/, /true/],
    [{ network: { privateSubnetPrefix: 24 } }, 'network.privateSubnetPrefix', /smaller than \/22/, /22 or lower/],
    [{ network: { cidr: '10.0.0.0/24' } }, 'network.cidr', /need/, /larger VPC CIDR/],
    [{ network: { cidr: '10.0.1.0/16' } }, 'network.cidr', /host bits/, /network address/],
    [{ network: { availabilityZones: ['us-east-1a', 'us-east-1b'] } }, 'network.availabilityZones', /at least 3/, /three zones/],
    [{ network: { availabilityZones: ['us-east-1a', 'us-east-1b', 'eu-west-1c'] } }, 'network.availabilityZones[2]', /not a zone of region/, /us-east-1/],
    [{ network: { podSubnets: { cidr: '10.1.0.0/16' } } }, 'network.podSubnets.cidr', /outside 100\.64\.0\.0\/10/, /RFC 6598/],
    [{ systemNodeGroup: { minSize: 1 } }, 'systemNodeGroup.minSize', /below 2/, /2 or more/],
    [{ systemNodeGroup: { desiredSize: 9 } }, 'systemNodeGroup.desiredSize', /outside 2\.\.4/, /between/],
    [{ systemNodeGroup: { instanceTypes: ['m7i.large'] } }, 'systemNodeGroup.instanceTypes[0]', /x86_64/, /Graviton/],
    [{ tags: { Environment: 'prod' } }, 'tags.Team', /missing/, /Team/],
    [{ systemNodeGroup: { instanceTypes: ['m7g.lage'] } }, 'systemNodeGroup.instanceTypes[0]', /not an EC2 instance type/, /did you mean m7g\.large/],
    [{ account: '1234' }, 'account', /12-digit/, /12-digit/],
    [{ kubernetesVersion: '1.20' }, 'kubernetesVersion', /not allowed/, /"1\.36"/],
    [{ endpont: {} }, 'endpont', /unknown field/, /did you mean "endpoint"/],
    [
      { workloadIdentities: [{ namespace: 'prod', serviceAccount: 'app', policyStatements: [{ actions: ['*'], resources: ['*'] }] }] },
      'workloadIdentities[0].policyStatements[0].actions[0]',
      /every AWS action/,
      /acknowledgeBroadPermissions/,
    ],
    [
      { workloadIdentities: [{ namespace: 'prod', serviceAccount: 'app', managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] },
      'workloadIdentities[0].managedPolicyArns[0]',
      /AdministratorAccess is not least privilege/,
      /acknowledgeBroadPermissions/,
    ],
    [{ workloadIdentities: [{ namespace: 'Prod', serviceAccount: 'app', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] }, 'workloadIdentities[0].namespace', /DNS-1123/, /DNS-1123/],
  ])('%j -> %s', (override, path, message, fix) => {
    const problems = problemsOf(() => parseDefinition({ ...base, ...override }));
    const p = problems.find((x) => x.location.path === path);
    expect(p, JSON.stringify(problems)).toBeTruthy();
    expect(p!.message).toMatch(message);
    expect(p!.fix).toMatch(fix);
  });

  it('accepts acknowledged exceptions', () => {
    const d = parseDefinition({
      ...base,
      endpoint: { publicAccess: true, publicAccessCidrs: ['0.0.0.0/0'], acknowledgePublicAccessFromAnywhere: 'temporary: CI runners without static IPs' },
      workloadIdentities: [{ namespace: 'ops', serviceAccount: 'admin', managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], acknowledgeBroadPermissions: 'break-glass automation, reviewed by security' }],
    });
    expect(d.endpoint.publicAccessCidrs).toEqual(['0.0.0.0/0']);
  });

  it('reports every problem at once, not the first only', () => {
    const problems = problemsOf(() => parseDefinition({ ...base, account: 'x', network: { privateSubnetPrefix: 26 }, systemNodeGroup: { minSize: 0 } }));
    expect(problems.map((p) => p.location.path).sort()).toEqual(['account', 'network.privateSubnetPrefix', 'systemNodeGroup.minSize']);
  });
});

describe('keelson.yaml', () => {
  it('points each error at its line and column', () => {
    const yaml = ['name: prod', 'account: "123456789012"', 'region: us-east-1', 'endpoint:', '  publicAccess: true', '  publicAccessCidrs:', '    - 203.0.113.0/24', '    - 192.168.0.0/16', 'systemNodeGroup:', '  minSize: 1', ''].join('\n');
    const problems = problemsOf(() => parseYamlDefinition(yaml, 'keelson.yaml'));
    const cidr = problems.find((p) => p.location.path === 'endpoint.publicAccessCidrs[1]')!;
    expect([cidr.location.file, cidr.location.line, cidr.location.column]).toEqual(['keelson.yaml', 8, 7]);
    const min = problems.find((p) => p.location.path === 'systemNodeGroup.minSize')!;
    expect([min.location.line, min.location.column]).toEqual([10, 12]);
  });

  it('points a missing field at its nearest parent', () => {
    const problems = problemsOf(() => parseYamlDefinition('name: prod\nregion: us-east-1\n', 'k.yaml'));
    const p = problems.find((x) => x.location.path === 'account')!;
    expect(p.message).toMatch(/required/);
    expect(p.location.line).toBe(1);
  });

  it('reports syntax errors with their position', () => {
    const problems = problemsOf(() => parseYamlDefinition('name: prod\naccount: [1, 2\nregion: x\n', 'k.yaml'));
    expect(problems[0]!.location.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects an alias bomb quickly instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const problems = problemsOf(() => parseYamlDefinition(lines.join('\n'), 'bomb.yaml'));
    expect(problems[0]!.message).toMatch(/alias/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
