/** A small, fixed check result for the reporter tests, built the way `keelson check` builds one. */
import { runRules } from '../rules/engine.js';
import { RULES } from '../rules/registry.js';
import type { CheckResult } from '../rules/types.js';
import { emptyInventory } from '../sources/inventory.js';
import { addFile } from '../sources/read-inputs.js';
import type { ReportContext } from './types.js';

export function sampleResult(): CheckResult {
  const inv = emptyInventory();
  addFile(inv, 'cluster.yaml', Buffer.from('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: eu-west-1}\ncloudWatch:\n  clusterLogging:\n    enableTypes: ["*"]\nsecretsEncryption: {keyARN: !Ref Key}\nvpc:\n  clusterEndpoints: {privateAccess: true, publicAccess: false}\n'));
  addFile(inv, 'app.yaml', Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers: [{name: a, image: "nginx:latest"}]\n'));
  addFile(inv, 'broken.yaml', Buffer.from('a: [1\n'));
  return runRules(RULES, inv);
}

export const context: ReportContext = { toolVersion: '9.9.9', rules: RULES };
