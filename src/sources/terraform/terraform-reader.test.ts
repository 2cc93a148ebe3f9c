import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import cpEndpoint from '../../rules/control-plane/cp-endpoint.js';
import { detectKind } from '../detect.js';
import { emptyInventory } from '../inventory.js';
import { addFile, readInputs, readInputsAsync } from '../read-inputs.js';
import { checkTerraform, inventoryOf, outcomes } from './terraform.fixtures.js';

describe('the Terraform reader', () => {
  it('reports malformed HCL with its line and still checks the other inputs', async () => {
    // GIVEN a broken .tf file beside a valid one
    const inv = await inventoryOf({
      'bad/main.tf': 'resource "aws_eks_cluster" "x" {\n  name =\n}\n',
      'good/main.tf': 'resource "aws_eks_cluster" "y" {\n  name = "y"\n}\n',
    });
    // THEN the broken one is a syntax notice at line 2 and the valid one still gives a cluster
    expect(inv.notices.map((n) => [n.kind, n.location.file, n.location.line])).toEqual([['syntax', 'bad/main.tf', 2]]);
    expect(inv.notices[0]?.message).toMatch(/^HCL syntax: /);
    expect(inv.clusters.map((c) => [c.source, c.name])).toEqual([['terraform', 'y']]);
  });

  it('reads .tf.json with the same rules and exact lines', async () => {
    // GIVEN the JSON syntax of a cluster whose public endpoint is open to the world (single-object blocks)
    const json = JSON.stringify({ resource: { aws_eks_cluster: { this: { name: 'prod', vpc_config: { endpoint_private_access: true, public_access_cidrs: ['0.0.0.0/0'] } } } } }, null, 2);
    const r = await checkTerraform(cpEndpoint, { 'main.tf.json': json });
    // THEN the public CIDR list fails on its own line (line 8 of the pretty-printed JSON)
    expect(json.split('\n')[7]).toContain('"public_access_cidrs"');
    expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[public] main.tf.json:8']);
  });

  it('detects configurations and plans by content', () => {
    // GIVEN shapes of .tf.json, a variables-only file, plan JSON and a look-alike WHEN detected THEN each gets its kind
    expect(detectKind({ resource: { aws_eks_cluster: {} } })).toBe('terraform');
    expect(detectKind({ variable: { x: { default: 1 } } })).toBe('terraform');
    expect(detectKind({ format_version: '1.2', terraform_version: '1.9.5', planned_values: {} })).toBe('terraform-plan');
    expect(detectKind({ resource: { google_container_cluster: {} } })).toBe('unknown');
    expect(detectKind({ resource: { aws_eks_cluster: {} }, spec: {} })).toBe('unknown');
  });

  it('leaves .tf files to the async reader: the sync one skips them with a notice', () => {
    // GIVEN a .tf file given to the synchronous addFile WHEN read THEN it is a "skipped" notice, not a YAML syntax error
    const inv = emptyInventory();
    addFile(inv, 'main.tf', Buffer.from('resource "aws_eks_cluster" "x" {}\n'));
    expect(inv.notices.map((n) => n.kind)).toEqual(['skipped']);
    expect(inv.clusters).toEqual([]);
  });

  it('finds .tf files in directories only through readInputsAsync', async () => {
    // GIVEN a directory holding main.tf
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-tf-'));
    mkdirSync(path.join(dir, 'infra'));
    writeFileSync(path.join(dir, 'infra', 'main.tf'), 'resource "aws_eks_cluster" "x" {\n  name = "x"\n}\n');
    // WHEN read by each reader THEN only the async one reads it (planners keep their YAML/JSON-only view)
    expect(readInputs([dir]).clusters).toEqual([]);
    expect((await readInputsAsync([dir])).clusters.map((c) => c.name)).toEqual(['x']);
  });

  describe('variable values from .tfvars files', () => {
    const main = 'variable "public" {\n  default = false\n}\nresource "aws_eks_cluster" "this" {\n  vpc_config {\n    endpoint_private_access = true\n    endpoint_public_access = var.public\n  }\n}\n';

    it('lets terraform.tfvars, which Terraform loads by itself, replace the default', async () => {
      // GIVEN a default of false and terraform.tfvars setting true (no CIDRs: open to the world)
      const r = await checkTerraform(cpEndpoint, { 'infra/terraform.tfvars': 'public = true\n', 'infra/main.tf': main });
      // THEN the tfvars value is judged, at the attribute that uses it
      expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[public] infra/main.tf:7']);
    });

    it('does not decide when a -var-file-only file sets the variable', async () => {
      // GIVEN prod.tfvars (applied only with -var-file) setting the variable
      const r = await checkTerraform(cpEndpoint, { 'infra/main.tf': main, 'infra/prod.tfvars.json': '{"public": true}' });
      // THEN the value is not evaluated, naming the file
      expect(outcomes(r)).toEqual(['not-evaluated CP-ENDPOINT[public] infra/main.tf:7']);
      expect(r.findings[0]?.message).toContain('prod.tfvars.json');
    });

    it('uses the default when no variable file sets it', async () => {
      // GIVEN only the default (false) WHEN checked THEN the private-only endpoint passes
      const r = await checkTerraform(cpEndpoint, { 'infra/main.tf': main, 'infra/terraform.tfvars': 'other = 1\n' });
      expect(r.findings).toEqual([]);
      expect(r.rules[0]?.status).toBe('pass');
    });
  });
});
