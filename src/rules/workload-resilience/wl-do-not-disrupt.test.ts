import { describe, expect, it } from 'vitest';
import rule from './wl-do-not-disrupt.js';
import { checkFiles, checkYaml, failures } from '../internal/rule-tester.js';

// A batch Job as the Kubernetes docs write one (pi), with the parts under test changed.
const JOB = (opts: { deadline?: number; podAnnotations?: string; jobAnnotations?: string } = {}) => `apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-report
  namespace: analytics${opts.jobAnnotations ? `\n  annotations:\n${opts.jobAnnotations}` : ''}
spec:
  backoffLimit: 4${opts.deadline !== undefined ? `\n  activeDeadlineSeconds: ${opts.deadline}` : ''}
  template:
    metadata:
      labels: {app: nightly-report}${opts.podAnnotations ? `\n      annotations:\n${opts.podAnnotations}` : ''}
    spec:
      restartPolicy: Never
      containers:
        - name: report
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/report:2.4.1
          command: [python, -m, report.nightly]
`;
const PROTECT = '        karpenter.sh/do-not-disrupt: "true"';

describe('WL-DO-NOT-DISRUPT', () => {
  it('fails a Job without a deadline whose pods lack the annotation, at the pod template metadata', () => {
    const r = checkYaml(rule, JOB());
    expect(failures(r)).toEqual(['WL-DO-NOT-DISRUPT in.yaml:9']);
    expect(r.findings[0]?.message).toMatch(/no activeDeadlineSeconds/);
  });

  it('passes the annotation on the pod template', () => {
    expect(checkYaml(rule, JOB({ podAnnotations: PROTECT })).findings).toEqual([]);
  });

  it('passes a short Job bounded by activeDeadlineSeconds, and fails a 2-hour one', () => {
    expect(checkYaml(rule, JOB({ deadline: 300 })).findings).toEqual([]);
    expect(checkYaml(rule, JOB({ deadline: 7200 })).findings[0]?.message).toMatch(/may run 120 minutes/);
  });

  it('fails the annotation on the Job object, where Karpenter does not read it, at that annotation', () => {
    expect(failures(checkYaml(rule, JOB({ jobAnnotations: '    karpenter.sh/do-not-disrupt: "true"' })))).toEqual(['WL-DO-NOT-DISRUPT in.yaml:7']);
  });

  it('fails the pre-v1 do-not-evict annotation, at it', () => {
    const r = checkYaml(rule, JOB({ podAnnotations: '        karpenter.sh/do-not-evict: "true"' }));
    expect(failures(r)).toEqual(['WL-DO-NOT-DISRUPT in.yaml:12']);
    expect(r.findings[0]?.message).toMatch(/Karpenter v1 ignores/);
  });

  it('reads a CronJob\'s pod template and deadline under jobTemplate', () => {
    const cron = (ann: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: etl, namespace: analytics}\nspec:\n  schedule: "0 2 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          annotations: {${ann}}\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: etl, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/etl:1.0.0"}]\n`;
    expect(failures(checkFiles(rule, { 'cron.yaml': cron('team: data') }))).toEqual(['WL-DO-NOT-DISRUPT cron.yaml:10']);
    expect(checkFiles(rule, { 'cron.yaml': cron('karpenter.sh/do-not-disrupt: "true"') }).findings).toEqual([]);
  });

  it('has no targets in Deployments or system namespaces', () => {
    expect(checkYaml(rule, JOB().replace('namespace: analytics', 'namespace: kube-system')).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });
});
