import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addFile, addFileAsync, listInputFiles, readInputs } from './read-inputs.js';
import { emptyInventory, objectsOfGroup, objectsOfGroups, objectsOfKind } from './inventory.js';
import { locationOf } from './location.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const fixtures = path.join(shared, 'fixtures');
const hasShared = existsSync(fixtures);

function inventoryOf(text: string, file = 'in.yaml') {
  const inv = emptyInventory();
  addFile(inv, file, Buffer.from(text));
  return inv;
}

async function asyncInventoryOf(text: string, file = 'in.yaml') {
  const inv = emptyInventory();
  await addFileAsync(inv, file, Buffer.from(text));
  return inv;
}

describe('content detection', () => {
  it('detects kinds by content, not by file name', () => {
    // GIVEN an eksctl config in a file named like a manifest, a List of k8s objects and a CloudFormation template
    const inv = emptyInventory();
    addFile(inv, 'deployment.yaml', Buffer.from('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\n'));
    addFile(inv, 'x.json', Buffer.from('{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}]}'));
    addFile(inv, 'stack.txt', Buffer.from('Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties: {Name: prod}\n'));
    addFile(inv, 'other.yaml', Buffer.from('just: data\n'));
    // THEN each is read by the right reader
    expect(inv.clusters.map((c) => [c.source, c.name])).toEqual([['eksctl', 'c'], ['cloudformation', 'prod']]);
    expect(inv.namespaces.map((n) => n.name)).toEqual(['team-a']);
    expect(locationOf(inv.namespaces[0]!.at).path).toBe('items[0]');
    expect(inv.unknownObjects).toBe(1);
  });

  it('reads a keelson YAML definition with its defaults (the async reader loads the definition parser on meeting one)', async () => {
    const inv = await asyncInventoryOf('name: prod\naccount: "123456789012"\nregion: eu-west-1\nendpoint:\n  publicAccess: false\n');
    expect(inv.clusters[0]).toMatchObject({ source: 'keelson', name: 'prod' });
    expect(inv.clusters[0]?.endpointPublicAccess).toMatchObject({ value: false });
    expect(inv.clusters[0]?.endpointPrivateAccess).toMatchObject({ value: true, defaulted: true });
    expect(inv.nodeGroups[0]?.amiFamily.value).toBe('AmazonLinux2023');
  });

  it('reports an invalid keelson definition as a notice, not a crash', async () => {
    const inv = await asyncInventoryOf('name: prod\naccount: "12"\nregion: eu-west-1\n');
    expect(inv.clusters).toEqual([]);
    expect(inv.notices[0]?.message).toMatch(/invalid keelson definition.*12-digit/);
  });

  it('builds workloads with containers and the implicit namespaces', () => {
    const inv = inventoryOf('apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j, namespace: jobs}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: "busybox:1.36"}]\n');
    expect(inv.workloads[0]?.containers.map((c) => c.image)).toEqual(['busybox:1.36']);
    expect(locationOf(inv.workloads[0]!.containers[0]!.at).line).toBe(9);
    expect(inv.namespaces.map((n) => n.name)).toEqual(['jobs']);
  });

  it('resolves a node group launch template inside a CloudFormation template', () => {
    const inv = inventoryOf([
      'Resources:',
      '  LT:',
      '    Type: AWS::EC2::LaunchTemplate',
      '    Properties:',
      '      LaunchTemplateData:',
      '        MetadataOptions: {HttpTokens: required, HttpPutResponseHopLimit: 1}',
      '        BlockDeviceMappings: [{DeviceName: /dev/xvda, Ebs: {Encrypted: true, VolumeType: gp3}}]',
      '  NG:',
      '    Type: AWS::EKS::Nodegroup',
      '    Properties:',
      '      AmiType: AL2023_ARM_64_STANDARD',
      '      LaunchTemplate: {Id: !Ref LT}',
    ].join('\n'));
    const ng = inv.nodeGroups[0];
    expect([ng?.httpTokens.value, ng?.hopLimit.value, ng?.volumeEncrypted.value, ng?.amiFamily.value]).toEqual(['required', 1, true, 'AmazonLinux2023']);
    expect(locationOf(ng!.httpTokens.at).line).toBe(6);
  });
});

describe('objects by API group', () => {
  it('lists a group across its versions and kinds in input order, the core group as ""', () => {
    const doc = (apiVersion: string, kind: string, name: string): string => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}}\n`;
    const inv = inventoryOf([doc('autoscaling/v2', 'HorizontalPodAutoscaler', 'a'), doc('v1', 'ConfigMap', 'b'), doc('autoscaling/v1', 'HorizontalPodAutoscaler', 'c'), doc('kyverno.io/v1', 'ClusterPolicy', 'd'), doc('autoscaling/v2', 'HorizontalPodAutoscaler', 'e'), doc('v1', 'Service', 'f')].join('---\n'));
    const names = (os: readonly { name: string }[]): string[] => os.map((o) => o.name);
    expect(names(objectsOfGroup(inv, 'autoscaling'))).toEqual(['a', 'c', 'e']);
    expect(names(objectsOfGroup(inv, ''))).toEqual(['b', 'f']);
    expect(names(objectsOfGroup(inv, 'kyverno.io'))).toEqual(['d']);
    expect(objectsOfGroup(inv, 'rbac.authorization.k8s.io')).toEqual([]);
    expect(names(objectsOfGroups(inv, ['kyverno.io', 'autoscaling']))).toEqual(['a', 'c', 'd', 'e']);
    expect(names(objectsOfGroups(inv, ['kyverno.io', 'policy.sigstore.dev']))).toEqual(['d']);
  });
});

describe('listInputFiles', () => {
  it('fails clearly on a path that does not exist', () => {
    expect(() => listInputFiles(['/nonexistent/keelson'])).toThrow(/no such file/);
  });
});

describe.skipIf(!hasShared)(`real-world fixtures (${hasShared ? fixtures : 'skipped: ../shared/fixtures is absent'})`, () => {
  it('reads every fixture without notices and finds the expected objects', () => {
    // GIVEN all shared fixtures WHEN read
    const inv = readInputs([fixtures]);
    // THEN nothing is a syntax error and each family is recognised
    expect(inv.notices).toEqual([]);
    expect(inv.clusters.filter((c) => c.source === 'eksctl')).toHaveLength(5);
    expect(objectsOfKind(inv, 'NodePool', 'karpenter.sh')).toHaveLength(3);
    expect(objectsOfKind(inv, 'ClusterPolicy', 'kyverno.io')).toHaveLength(3);
    const ng = inv.nodeGroups.find((n) => n.name === 'ng1-public' && n.at.origin.file.includes('05-advanced'));
    expect(ng?.httpTokens).toMatchObject({ value: 'optional' });
    expect(ng?.amiFamily.value).toBe('AmazonLinux2');
  });
});

describe('namespaces declared in a later file', () => {
  it('replace the placeholder an earlier file made, so rules see their labels', () => {
    // GIVEN a LimitRange read before the Namespace it lives in (limit-range.yaml sorts before namespace.yaml)
    const inv = emptyInventory();
    addFile(inv, 'limit-range.yaml', Buffer.from('apiVersion: v1\nkind: LimitRange\nmetadata: {name: l, namespace: shop}\nspec: {limits: []}\n'));
    addFile(inv, 'namespace.yaml', Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {pod-security.kubernetes.io/enforce: restricted}\n'));
    // THEN there is one entry for the namespace, the declared one
    const shop = inv.namespaces.filter((n) => n.name === 'shop');
    expect(shop).toHaveLength(1);
    expect(shop[0]!.object).toBeTruthy();
    expect(shop[0]!.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});
