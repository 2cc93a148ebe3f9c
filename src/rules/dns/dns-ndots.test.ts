import { describe, expect, it } from 'vitest';
import rule from './dns-ndots.js';
import { deployment } from '../internal/manifests.js';
import { checkFiles, checkFixtures, checkYaml, failures, hasSharedFixtures, sharedSkipNote } from '../internal/rule-tester.js';

const ENV = (v: string) => `          env:\n            - name: PAYMENTS_API\n              value: "${v}"\n`;
// deployment() ends with the container; pod-level fields go after it at pod-spec indentation.
const withPod = (yaml: string, pod: string) => `${yaml}${pod}`;

describe('DNS-NDOTS', () => {
  it('fails a pod that calls an external API with the default ndots, at its pod spec', () => {
    const r = checkYaml(rule, deployment({ container: ENV('https://api.stripe.com/v1') }));
    expect(failures(r)).toEqual(['DNS-NDOTS in.yaml:15']);
    expect(r.findings[0]?.message).toMatch(/calls api\.stripe\.com with the default ndots:5/);
  });

  it('passes the same pod with dnsConfig ndots 2', () => {
    const yaml = withPod(deployment({ container: ENV('https://api.stripe.com/v1') }), '      dnsConfig:\n        options:\n          - name: ndots\n            value: "2"\n');
    expect(checkYaml(rule, yaml).findings).toEqual([]);
  });

  it('fails ndots 5 written out, at its value', () => {
    const yaml = withPod(deployment({ container: ENV('mydb.cluster-abc.eu-west-1.rds.amazonaws.com:5432') }), '      dnsConfig:\n        options:\n          - name: ndots\n            value: "5"\n');
    expect(failures(checkYaml(rule, yaml))).toEqual(['DNS-NDOTS in.yaml:25']);
  });

  it('ignores cluster names, IPs and short names', () => {
    const env = `          env:\n            - {name: A, value: "http://ledger.ledger.svc.cluster.local:9090"}\n            - {name: B, value: "redis-master:6379"}\n            - {name: C, value: "10.0.12.4"}\n            - {name: D, value: "ledger.ledger"}\n`;
    expect(checkYaml(rule, deployment({ container: env })).findings).toEqual([]);
  });

  it('does not take file names or Java classes in args for hosts', () => {
    const args = '          args: ["--config=/etc/app/config.prod.yaml", "-jar", "app.service.jar", "com.acme.billing.Main"]\n';
    expect(checkYaml(rule, deployment({ container: args })).findings).toEqual([]);
  });

  it('passes when CoreDNS has autopath (a coredns ConfigMap in another file)', () => {
    const coredns = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: |\n    .:53 {\n        errors\n        autopath @kubernetes\n        kubernetes cluster.local in-addr.arpa ip6.arpa {\n          pods verified\n        }\n        forward . /etc/resolv.conf\n    }\n';
    expect(checkFiles(rule, { 'app.yaml': deployment({ container: ENV('https://api.stripe.com/v1') }), 'coredns.yaml': coredns }).findings).toEqual([]);
  });

  it('passes dnsPolicy Default (the node resolver has no cluster search list)', () => {
    expect(checkYaml(rule, withPod(deployment({ container: ENV('https://api.stripe.com') }), '      dnsPolicy: Default\n')).findings).toEqual([]);
  });

  describe.skipIf(!hasSharedFixtures)(sharedSkipNote, () => {
    it('passes the guestbook, podinfo and tensorflow manifests, which call only in-cluster names', () => {
      const r = checkFixtures(rule, ['k8s/guestbook-all-in-one.yaml', 'k8s/podinfo-deployment.yaml', 'k8s/tensorflow-model-serving-deployment.yaml']);
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
