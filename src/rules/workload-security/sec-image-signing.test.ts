import { describe, expect, it } from 'vitest';
import rule, { imageMatches } from './sec-image-signing.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';
import { ownManifests } from '../internal/own-manifests.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
// The shape of Kyverno's verify-image sample policy (kyverno/policies, other/verify-image), for a Cosign key.
const VERIFY = (refs: string, action = 'Enforce') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: verify-image
spec:
  webhookTimeoutSeconds: 30
  rules:
    - name: verify-signature
      match:
        any:
          - resources:
              kinds: [Pod]
      verifyImages:
        - imageReferences: [${refs}]
          failureAction: ${action}
          attestors:
            - count: 1
              entries:
                - keys:
                    publicKeys: |-
                      -----BEGIN PUBLIC KEY-----
                      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8nXRh950IZbRj8Ra/N9sbqOPZrfM
                      -----END PUBLIC KEY-----
`;

describe('SEC-IMAGE-SIGNING', () => {
  it('matches image references as Kyverno does (wildcards across path segments, Docker Hub normalized)', () => {
    expect(imageMatches(`${ECR}/*`, `${ECR}/team/web:1.2.3`)).toBe(true);
    expect(imageMatches('docker.io/library/nginx*', 'nginx:1.27')).toBe(true);
    expect(imageMatches('ghcr.io/acme/*', `${ECR}/web:1`)).toBe(false);
  });

  it('fails an application image no policy verifies, at the image', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment() });
    expect(failures(r)).toEqual(['SEC-IMAGE-SIGNING[unverified] app.yaml:18']);
  });

  it('passes when an enforcing verifyImages policy in another file covers the image', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment(), 'policy.yaml': VERIFY(`"${ECR}/*"`) });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]).toEqual({ ruleId: 'SEC-IMAGE-SIGNING', status: 'pass', targets: 2 });
  });

  it('fails an image outside the policy\'s references', () => {
    const r = checkFiles(rule, { 'app.yaml': deployment({ image: 'ghcr.io/stefanprodan/podinfo:6.14.1' }), 'policy.yaml': VERIFY(`"${ECR}/*"`) });
    expect(failures(r)).toEqual(['SEC-IMAGE-SIGNING[unverified] app.yaml:18']);
  });

  it('fails an Audit policy once, at its failureAction, not on every workload', () => {
    const r = checkFiles(rule, { 'a.yaml': deployment({ name: 'a' }), 'b.yaml': deployment({ name: 'b' }), 'policy.yaml': VERIFY(`"${ECR}/*"`, 'Audit') });
    expect(failures(r)).toEqual(['SEC-IMAGE-SIGNING[policy] policy.yaml:15']);
  });

  it('reads the spec-level validationFailureAction (Kyverno\'s default is Audit)', () => {
    const older = VERIFY(`"${ECR}/*"`).replace('          failureAction: Enforce\n', '');
    expect(failures(checkYaml(rule, older))).toEqual(['SEC-IMAGE-SIGNING[policy] in.yaml:5']);
    expect(checkYaml(rule, older.replace('spec:\n', 'spec:\n  validationFailureAction: Enforce\n')).findings).toEqual([]);
  });

  it('honours Sigstore policy-controller\'s namespace opt-in', () => {
    const cip = 'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: signed}\nspec:\n  images: [{glob: "**"}]\n  authorities: [{keyless: {url: "https://fulcio.sigstore.dev"}}]\n';
    const ns = (label: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {${label}}\n`;
    const app = deployment({ namespace: 'shop' });
    expect(checkFiles(rule, { 'cip.yaml': cip, 'ns.yaml': ns('policy.sigstore.dev/include: "true"'), 'app.yaml': app }).findings).toEqual([]);
    expect(failures(checkFiles(rule, { 'cip.yaml': cip, 'ns.yaml': ns('team: shop'), 'app.yaml': app }))).toEqual(['SEC-IMAGE-SIGNING[unverified] app.yaml:19']);
  });

  it('passes keelson\'s own verify-image-signatures policy (Notary / AWS Signer), and fails it in Audit mode', () => {
    const iv = { type: 'notary', certificates: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', imageReferences: [`${ECR}/*`] };
    const app = { 'app.yaml': deployment() };
    expect(checkFiles(rule, { ...ownManifests({ kyverno: { imageVerification: iv } }), ...app }).findings).toEqual([]);
    const audit = checkFiles(rule, { ...ownManifests({ kyverno: { imageVerification: iv, validationFailureAction: 'Audit' } }), ...app });
    expect(failures(audit).map((f) => f.split(' ')[0])).toEqual(['SEC-IMAGE-SIGNING[policy]']);
  });

  it('has no targets in keelson\'s own GitOps tree without image verification (no application workloads, no verifier)', () => {
    expect(checkFiles(rule, ownManifests()).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });

  describe('keelson definition without its rendered policies', () => {
    const KEELSON = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\n';
    // The shape of docs/definition.md's kyverno section: AWS Signer (Notation) for the account's ECR.
    const SIGNED = `${KEELSON}kyverno:\n  validationFailureAction: Enforce\n  imageVerification:\n    type: notary\n    certificates: |\n      -----BEGIN CERTIFICATE-----\n      MIIB\n      -----END CERTIFICATE-----\n    imageReferences:\n      - ${ECR}/*\n`;

    it('passes a definition that enables image verification, and counts it for the images it covers', () => {
      // GIVEN kyverno.imageVerification and an application from the account's ECR, no rendered ClusterPolicy
      const r = checkFiles(rule, { 'keelson.yaml': SIGNED, 'app.yaml': deployment() });
      // THEN nothing fails: the definition is the evidence
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
      // the definition alone is evidence too: a target that passes, not "no evidence"
      expect(checkYaml(rule, SIGNED).rules[0]).toEqual({ ruleId: 'SEC-IMAGE-SIGNING', status: 'pass', targets: 1 });
      // an image outside its references is still unverified, at the image
      expect(failures(checkFiles(rule, { 'keelson.yaml': SIGNED, 'app.yaml': deployment({ image: 'docker.io/nginx:1.27' }) }))).toEqual(['SEC-IMAGE-SIGNING[unverified] app.yaml:18']);
    });

    it('fails a definition without kyverno.imageVerification at the kyverno section, and kyverno.enabled: false at the field', () => {
      const r = checkYaml(rule, `${KEELSON}kyverno:\n  validationFailureAction: Enforce\n`);
      expect(failures(r)).toEqual(['SEC-IMAGE-SIGNING[policy] in.yaml:4']);
      expect(r.findings[0]?.message).toMatch(/kyverno\.imageVerification is not set/);
      expect(r.findings[0]?.fix).toMatch(/kyverno\.imageVerification/);
      expect(failures(checkYaml(rule, KEELSON))).toEqual(['SEC-IMAGE-SIGNING[policy] in.yaml:1']);
      const off = checkYaml(rule, SIGNED.replace('kyverno:\n', 'kyverno:\n  enabled: false\n'));
      expect(failures(off)).toEqual(['SEC-IMAGE-SIGNING[policy] in.yaml:5']);
      expect(off.findings[0]?.message).toMatch(/kyverno\.enabled is false/);
    });

    it('fails image verification in Audit mode at validationFailureAction, with the keelson fix', () => {
      const r = checkYaml(rule, SIGNED.replace('Enforce', 'Audit'));
      expect(failures(r)).toEqual(['SEC-IMAGE-SIGNING[policy] in.yaml:5']);
      expect(r.findings[0]?.fix).toMatch(/kyverno\.validationFailureAction: Enforce/);
    });

    it('judges the rendered policy instead when it is among the inputs, and a policy of the user\'s own covers a definition without it', () => {
      const iv = { type: 'notary', certificates: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', imageReferences: [`${ECR}/*`] };
      const audit = checkFiles(rule, { 'keelson.yaml': SIGNED, ...ownManifests({ kyverno: { imageVerification: iv, validationFailureAction: 'Audit' } }) });
      expect(failures(audit)).toHaveLength(1);
      expect(audit.findings[0]?.location.file).toMatch(/^manifests\//);
      expect(checkFiles(rule, { 'keelson.yaml': `${KEELSON}kyverno:\n  enabled: true\n`, 'policy.yaml': VERIFY(`"${ECR}/*"`) }).findings).toEqual([]);
    });
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('fails every guestbook image, which nothing verifies', () => {
      const r = checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml']);
      expect(failures(r)).toHaveLength(3);
      expect(r.findings.every((f) => f.id === 'SEC-IMAGE-SIGNING[unverified]')).toBe(true);
    });
  });
});
