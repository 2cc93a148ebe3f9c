/** The embedded example: the init template with every default spelled out, plus overrides a real team would make. */
import { configTemplate } from './init-template.js';

const IDENTITIES = `workloadIdentities: [
    {
      namespace: 'payments',
      serviceAccount: 'api',
      mode: 'podIdentity',
      policyStatements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::payments-data/*'] }],
    },
    {
      // The guide's IRSA example: trust pinned to system:serviceaccount:production:s3-reader-sa.
      namespace: 'production',
      serviceAccount: 's3-reader-sa',
      mode: 'irsa',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    },
  ],`;

const TEAMS = `teams: [
    {
      name: 'payments',
      roleArn: 'arn:aws:iam::123456789012:role/payments-developers',
      namespaces: [
        {
          name: 'payments',
          allow: [
            { name: 'allow-ingress-from-alb', direction: 'ingress', podSelector: { app: 'api' }, peerCidr: '10.0.0.0/16', ports: [{ port: 8080 }] },
            { name: 'allow-egress-to-ledger', direction: 'egress', peerNamespace: 'ledger', peerPodSelector: { app: 'ledger' }, ports: [{ port: 9090 }] },
          ],
        },
      ],
    },
    { name: 'ledger', namespaces: [{ name: 'ledger' }, { name: 'production' }] },
  ],`;

export function exampleConfig(): string {
  return configTemplate('prod-cluster')
    .replace(/workloadIdentities: \[[\s\S]*?\n {2}\],/, IDENTITIES)
    .replace(/teams: \[[\s\S]*?\n {2}\],/, TEAMS)
    .replace(
      "adminPrincipalArns: [\n      // 'arn:aws:iam::123456789012:role/BreakGlassAdmin', // the only cluster admins\n    ],",
      "adminPrincipalArns: ['arn:aws:iam::123456789012:role/BreakGlassAdmin'], // the only cluster admins",
    );
}
