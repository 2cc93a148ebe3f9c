import { describe, expect, it } from 'vitest';
import rule from './sec-image-registry.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

describe('SEC-IMAGE-REGISTRY', () => {
  it('fails a Docker Hub image', () => {
    expect(failures(checkYaml(rule, deployment({ image: 'nginx:1.27' })))).toEqual(['SEC-IMAGE-REGISTRY in.yaml:18']);
  });

  it('passes an ECR image', () => {
    expect(checkYaml(rule, deployment()).findings).toEqual([]);
  });

  it("fails another account's ECR when a keelson definition names the account", () => {
    const r = checkFiles(rule, { 'keelson.yaml': 'name: prod\naccount: "999999999999"\nregion: eu-west-1\n', 'app.yaml': deployment() });
    expect(failures(r)).toEqual(['SEC-IMAGE-REGISTRY app.yaml:18']);
  });

  it('accepts a registry from the allowed list', () => {
    expect(checkYaml(rule, deployment({ image: 'ghcr.io/x/y:1' }), { allowedRegistries: ['ghcr.io'] }).findings).toEqual([]);
  });

  it('accepts what a keelson definition\'s kyverno.allowedRegistries admits (the fix it names), and nothing else', () => {
    // GIVEN the definition's ecr-only policy admits public.ecr.aws/aws-observability/* and ghcr.io
    const keelson = 'name: prod\naccount: "123456789012"\nregion: eu-west-1\nkyverno:\n  allowedRegistries:\n    - public.ecr.aws/aws-observability/*\n    - ghcr.io\n';
    const files = (image: string) => ({ 'keelson.yaml': keelson, 'app.yaml': deployment({ image }) });
    expect(checkFiles(rule, files('public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4')).findings).toEqual([]);
    expect(checkFiles(rule, files('ghcr.io/stefanprodan/podinfo:6.14.1')).findings).toEqual([]);
    const r = checkFiles(rule, files('public.ecr.aws/nginx/nginx:1.27'));
    expect(failures(r)).toEqual(['SEC-IMAGE-REGISTRY app.yaml:18']);
    expect(r.findings[0]?.fix).toMatch(/--allow-registry/);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('flags the ghcr.io image of podinfo', () => {
      expect(failures(checkFixtures(rule, ['k8s/podinfo-deployment.yaml']))).toEqual(['SEC-IMAGE-REGISTRY k8s/podinfo-deployment.yaml:26']);
    });
  });
});
