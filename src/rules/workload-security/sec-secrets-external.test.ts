import { describe, expect, it } from 'vitest';
import rule from './sec-secrets-external.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';

const FROM_SECRET = '          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db-credentials, key: password}\n';
const APP = deployment({ namespace: 'payments', container: FROM_SECRET });
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  namespace: payments\ntype: Opaque\ndata:\n  password: c3VwZXJzZWNyZXQ=\n';
// The External Secrets Operator's documented AWS Secrets Manager setup.
const STORE = (provider = 'aws:\n      service: SecretsManager\n      region: eu-west-1\n      auth:\n        jwt:\n          serviceAccountRef: {name: external-secrets}') => `apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: secrets-manager\n  namespace: payments\nspec:\n  provider:\n    ${provider}\n`;
const EXTERNAL = 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: db-credentials\n  namespace: payments\nspec:\n  refreshInterval: 1h\n  secretStoreRef: {name: secrets-manager, kind: SecretStore}\n  target: {name: db-credentials}\n  data:\n    - secretKey: password\n      remoteRef: {key: prod/payments/db, property: password}\n';

describe('SEC-SECRETS-EXTERNAL', () => {
  it('fails a Secret with its values in the manifests, at data, and not again at the pod that reads it', () => {
    const r = checkFiles(rule, { 'app.yaml': APP, 'secret.yaml': SECRET });
    expect(failures(r)).toEqual(['SEC-SECRETS-EXTERNAL[in-manifests] secret.yaml:7']);
  });

  it('passes a Secret synced from Secrets Manager by an ExternalSecret in other files', () => {
    const r = checkFiles(rule, { 'app.yaml': APP, 'store.yaml': STORE(), 'external-secret.yaml': EXTERNAL });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails an ExternalSecret whose store is not AWS, at the store\'s provider', () => {
    const vault = 'vault:\n      server: https://vault.example.com\n      path: secret';
    expect(failures(checkFiles(rule, { 'app.yaml': APP, 'store.yaml': STORE(vault), 'external-secret.yaml': EXTERNAL }))).toEqual(['SEC-SECRETS-EXTERNAL[provider] store.yaml:7']);
  });

  it('fails a Secret that nothing in the inputs produces, at the reference', () => {
    expect(failures(checkFiles(rule, { 'app.yaml': APP }))).toEqual(['SEC-SECRETS-EXTERNAL[unmanaged] app.yaml:23']);
  });

  it('leaves a Secret reference of a live snapshot not evaluated (the live audit never reads Secrets)', () => {
    const snapshot = `apiVersion: v1\nkind: List\nmetadata:\n  annotations:\n    keelson.io/snapshot: '{"server":"https://k8s","context":"prod"}'\nitems:\n${APP.split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join('\n')}\n`;
    const r = checkFiles(rule, { 'snapshot.yaml': snapshot });
    expect(failures(r)).toEqual([]);
    expect(r.findings.map((f) => `${f.outcome} ${f.id}`)).toEqual(['not-evaluated SEC-SECRETS-EXTERNAL[unmanaged]']);
  });

  it('passes the AWS Secrets Store CSI provider (a mounted SecretProviderClass syncing the Secret)', () => {
    const spc = 'apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: {name: db, namespace: payments}\nspec:\n  provider: aws\n  parameters:\n    objects: |\n      - objectName: "prod/payments/db"\n        objectType: "secretsmanager"\n  secretObjects:\n    - secretName: db-credentials\n      type: Opaque\n      data: [{objectName: prod/payments/db, key: password}]\n';
    expect(checkFiles(rule, { 'app.yaml': APP, 'spc.yaml': spc }).findings).toEqual([]);
    const azure = spc.replace('provider: aws', 'provider: azure');
    expect(failures(checkFiles(rule, { 'app.yaml': APP, 'spc.yaml': azure }))).toEqual(['SEC-SECRETS-EXTERNAL[provider] spc.yaml:5']);
  });

  it('leaves service account tokens and cert-manager TLS secrets alone', () => {
    const tls = '          volumeMounts: [{name: tls, mountPath: /tls}]\n';
    const app = deployment({ namespace: 'payments', container: tls }) + '      volumes:\n        - name: tls\n          secret: {secretName: web-tls}\n';
    const cert = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: payments}\nspec:\n  secretName: web-tls\n  dnsNames: [web.example.com]\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n';
    const token = 'apiVersion: v1\nkind: Secret\nmetadata: {name: build-robot, namespace: payments, annotations: {kubernetes.io/service-account.name: build-robot}}\ntype: kubernetes.io/service-account-token\ndata: {token: eHh4}\n';
    expect(checkFiles(rule, { 'app.yaml': app, 'cert.yaml': cert, 'token.yaml': token }).findings).toEqual([]);
  });

  it('has no targets in keelson\'s own GitOps tree with External Secrets on (the operator is a platform component)', () => {
    const r = checkFiles(rule, ownManifests({ externalSecrets: { enabled: true, secretsPathPrefix: 'prod/' } }));
    expect(failures(r)).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('has nothing to judge in podinfo and guestbook, which read no Secrets', () => {
      expect(checkFixtures(rule, ['k8s/podinfo-deployment.yaml', 'k8s/guestbook-all-in-one.yaml']).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
    });
  });
});
