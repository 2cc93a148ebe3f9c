import type { ClusterDefinition } from '../../model/schema.js';
import { workloadRoleArn } from '../names.js';
import { MANAGED_BY } from './types.js';
import type { Component } from './types.js';

/** Service accounts of the workload identities; IRSA ones carry the role annotation the webhook reads. */
export function serviceAccountsComponent(d: ClusterDefinition): Component {
  return {
    name: 'service-accounts',
    description: 'Service accounts of the workload identities (IRSA role annotation where the mode is IRSA)',
    objects: d.workloadIdentities.map((w) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: w.serviceAccount,
        namespace: w.namespace,
        labels: { ...MANAGED_BY, 'keelson.io/identity': w.mode },
        ...(w.mode === 'irsa' ? { annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(d, w.namespace, w.serviceAccount) } } : {}),
      },
    })),
  };
}
