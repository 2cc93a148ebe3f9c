import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { coreErrors } from '../../../test/support/k8s-validate.js';
import { AWS_AUDIT_ACTIONS, auditIamPolicy, liveAuditKustomization } from './permissions.js';
import { RULES_BY_ACTION } from './aws-gather.js';

const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('live audit permissions', () => {
  it('the IAM policy allows only Describe, List and Get calls', () => {
    const actions = (auditIamPolicy().Statement as { Action: string[] }[]).flatMap((s) => s.Action);
    expect(actions.every((a) => /^[a-z0-9]+:(Describe|List|Get)[A-Za-z]+$/.test(a))).toBe(true);
    expect(actions).toEqual([...AWS_AUDIT_ACTIONS]);
  });

  it('every action the gatherers may call is in the policy, and every policy action says which rules it decides', () => {
    expect(Object.keys(RULES_BY_ACTION).sort()).toEqual([...AWS_AUDIT_ACTIONS].sort());
  });

  it('deploy/live-audit is up to date (npm run deploy:gen) and every object validates', async () => {
    const files = liveAuditKustomization(version);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(new URL(`../../../deploy/live-audit/${name}`, import.meta.url), 'utf8')).toBe(text);
    for (const doc of parseAllDocuments(files['audit.yaml']!)) {
      const o = doc.toJS() as { kind: string; apiVersion: string; metadata: { name: string } };
      expect(await coreErrors(o), o.kind).toEqual([]);
    }
  });

  it('the CronJob runs as the audit service account, bound to the audit ClusterRole only', () => {
    const docs = parseAllDocuments(liveAuditKustomization(version)['audit.yaml']!).map((d) => d.toJS() as Record<string, unknown>);
    const binding = docs.find((d) => d.kind === 'ClusterRoleBinding') as { roleRef: { name: string } };
    expect(binding.roleRef.name).toBe('keelson-audit');
    const job = JSON.stringify(docs.find((d) => d.kind === 'CronJob'));
    expect(job).toContain('"serviceAccountName":"keelson-audit"');
    expect(job).toContain('check --live');
  });
});
