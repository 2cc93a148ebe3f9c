/** Suppressions through `keelson check` as a user writes them: CloudFormation metadata beside the other kinds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../support/run-cli.js';

interface Report {
  notices: { message: string }[];
  findings: { id: string; outcome: string; suppressed?: { reason: string; source: string }; location: { file: string; line?: number } }[];
}

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Metadata:
      keelson:
        suppress:
          - rule: CP-ENDPOINT[public]
            reason: the public endpoint is closed in the next stage of this pipeline
            expires: 2099-12-31
          - rule: CP-LOGGING
            reason: logs were accepted until the SIEM migration
            expires: 2020-01-31
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-1]
        EndpointPrivateAccess: true
`;

describe('keelson check with CloudFormation metadata suppressions', () => {
  it('keeps the suppressed finding visible and marked, reports the expired one, and exits by what is left', async () => {
    // GIVEN a template whose cluster suppresses CP-ENDPOINT[public] (valid) and CP-LOGGING (expired)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-supp-'));
    writeFileSync(path.join(dir, 'cluster.yaml'), TEMPLATE);
    // WHEN checked as JSON from inside the directory
    const r = await run('check', path.join(dir, 'cluster.yaml'), '--format', 'json', '--fail-on', 'critical');
    const doc = JSON.parse(r.out) as Report;
    // THEN CP-ENDPOINT[public] is suppressed by metadata, CP-LOGGING is reported again, and the expiry is a finding at line 11
    const endpoint = doc.findings.find((f) => f.id === 'CP-ENDPOINT[public]');
    expect(endpoint?.suppressed).toEqual({ reason: 'the public endpoint is closed in the next stage of this pipeline', source: 'metadata', expires: '2099-12-31' });
    expect(doc.findings.filter((f) => f.id.startsWith('CP-LOGGING[')).every((f) => f.suppressed === undefined && f.outcome === 'fail')).toBe(true);
    const expired = doc.findings.find((f) => f.id === 'SUPPRESSION-EXPIRED[CP-LOGGING]');
    expect(expired?.location.line).toBe(11);
    // AND the suppressed critical finding no longer fails the build: nothing critical is left
    expect(r.code).toBe(0);
    expect(doc.notices).toEqual([]);
  });
});
