/**
 * The rules that judge cluster and node group facts, run on Terraform: raw resources, the terraform-aws-modules/eks
 * module (the guide's own example in __fixtures__/guide-module.tf) and plan JSON.
 */
import { describe, expect, it } from 'vitest';
import cpAccessEntries from '../../rules/control-plane/cp-access-entries.js';
import cpEndpoint from '../../rules/control-plane/cp-endpoint.js';
import cpLogging from '../../rules/control-plane/cp-logging.js';
import cpOidc from '../../rules/control-plane/cp-oidc.js';
import cpSecretsKms from '../../rules/control-plane/cp-secrets-kms.js';
import nodeAmi from '../../rules/nodes/node-ami.js';
import nodeEbsEncrypted from '../../rules/nodes/node-ebs-encrypted.js';
import nodeImdsv2 from '../../rules/nodes/node-imdsv2.js';
import { checkTerraform, checkTerraformFixture, outcomes } from './terraform.fixtures.js';

const GUIDE = 'guide-module.tf';
const RAW = 'raw-resources.tf';
const PLAN = 'plan.json';

const cluster = (body: string): string => `resource "aws_eks_cluster" "this" {\n  name = "prod"\n${body}}\n`;

describe('CP-ENDPOINT on Terraform', () => {
  it('fails the provider defaults at the block that leaves them out', async () => {
    // GIVEN an aws_eks_cluster whose vpc_config sets no endpoint flags
    const r = await checkTerraform(cpEndpoint, { 'main.tf': cluster('  vpc_config {\n    subnet_ids = ["s-1"]\n  }\n') });
    // THEN the private endpoint (off) and the public endpoint (open to the world) both fail at vpc_config, line 3
    expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[private] main.tf:3', 'fail CP-ENDPOINT[public] main.tf:3']);
  });

  it('passes a private-only endpoint', async () => {
    // GIVEN private on and public off WHEN checked THEN nothing is found and the rule passes
    const r = await checkTerraform(cpEndpoint, { 'main.tf': cluster('  vpc_config {\n    endpoint_private_access = true\n    endpoint_public_access = false\n  }\n') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated when a variable without a default decides, and says why', async () => {
    // GIVEN endpoint_public_access = var.public and no default for var.public
    const r = await checkTerraform(cpEndpoint, {
      'main.tf': 'variable "public" {\n  type = bool\n}\n' + cluster('  vpc_config {\n    endpoint_private_access = true\n    endpoint_public_access  = var.public\n  }\n'),
    });
    // THEN the public sub-rule is not evaluated at line 8 (the attribute), naming the variable
    expect(outcomes(r)).toEqual(['not-evaluated CP-ENDPOINT[public] main.tf:8']);
    expect(r.findings[0]?.message).toContain('var.public has no default');
    expect(r.rules[0]?.status).toBe('not-evaluated');
  });

  it('resolves a variable default declared in another file of the directory, whichever file is read first', async () => {
    // GIVEN variables.tf (read first) defaults var.cidrs to the whole internet, used by main.tf
    const r = await checkTerraform(cpEndpoint, {
      'infra/variables.tf': 'variable "cidrs" {\n  default = ["0.0.0.0/0"]\n}\n',
      'infra/main.tf': cluster('  vpc_config {\n    endpoint_private_access = true\n    public_access_cidrs = var.cidrs\n  }\n'),
    });
    // THEN the default is judged, at the attribute that uses it
    expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[public] infra/main.tf:5']);
  });

  it('does not borrow a default from another directory', async () => {
    // GIVEN the same variable declared with a default only in a different directory
    const r = await checkTerraform(cpEndpoint, {
      'other/variables.tf': 'variable "cidrs" {\n  default = ["0.0.0.0/0"]\n}\n',
      'infra/main.tf': cluster('  vpc_config {\n    endpoint_private_access = true\n    public_access_cidrs = var.cidrs\n  }\n'),
    });
    // THEN the value stays unknown
    expect(outcomes(r)).toEqual(['not-evaluated CP-ENDPOINT[public] infra/main.tf:5']);
  });

  it('passes the guide module example (public endpoint off; private on by the module default)', async () => {
    // GIVEN the guide's module example WHEN checked THEN the endpoint rule passes
    const r = await checkTerraformFixture(cpEndpoint, GUIDE);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('fails the module defaults when the public endpoint is turned on without CIDRs (v21 names)', async () => {
    // GIVEN a v21 module with endpoint_public_access = true and no CIDR list
    const r = await checkTerraform(cpEndpoint, { 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  version = "~> 21.0"\n  endpoint_public_access = true\n}\n' });
    // THEN the public endpoint fails at the input that turns it on (the CIDRs are the module default)
    expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[public] main.tf:4']);
  });

  it('fails a plan that opens the public endpoint to 0.0.0.0/0, at the planned value', async () => {
    // GIVEN a plan with public_access_cidrs ["0.0.0.0/0"] on line 38 WHEN checked THEN it fails there
    const r = await checkTerraformFixture(cpEndpoint, PLAN);
    expect(outcomes(r)).toEqual(['fail CP-ENDPOINT[public] plan.json:38']);
  });
});

describe('CP-SECRETS-KMS on Terraform', () => {
  it('fails a cluster without encryption_config at its header', async () => {
    // GIVEN a cluster with no encryption_config WHEN checked THEN the key is missing, at the resource header
    const r = await checkTerraform(cpSecretsKms, { 'main.tf': cluster('') });
    expect(outcomes(r)).toEqual(['fail CP-SECRETS-KMS[key] main.tf:1']);
  });

  it('fails the rotation of a referenced key that leaves it off (the provider default), at the key', async () => {
    // GIVEN the raw example: key_arn = aws_kms_key.eks.arn, and aws_kms_key.eks on line 10 without enable_key_rotation
    const r = await checkTerraformFixture(cpSecretsKms, RAW);
    expect(outcomes(r)).toEqual(['fail CP-SECRETS-KMS[rotation] raw-resources.tf:10']);
  });

  it('passes a referenced key with rotation on', async () => {
    // GIVEN key_arn = aws_kms_key.eks.arn and that key rotates WHEN checked THEN the rule passes
    const key = 'resource "aws_kms_key" "eks" {\n  enable_key_rotation = true\n}\n';
    const r = await checkTerraform(cpSecretsKms, { 'main.tf': key + cluster('  encryption_config {\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n    resources = ["secrets"]\n  }\n') });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated for a key from a data source', async () => {
    // GIVEN key_arn from a data source WHEN checked THEN the rule cannot decide, at key_arn, and names the reference
    const r = await checkTerraform(cpSecretsKms, { 'main.tf': cluster('  encryption_config {\n    provider {\n      key_arn = data.aws_kms_key.shared.arn\n    }\n    resources = ["secrets"]\n  }\n') });
    expect(outcomes(r)).toEqual(['not-evaluated CP-SECRETS-KMS main.tf:5']);
    expect(r.findings[0]?.message).toContain('data.aws_kms_key.shared.arn');
  });

  it('passes the guide module example: the module encrypts Secrets with its own rotating key by default', async () => {
    // GIVEN the guide's module example (create_kms_key left at true) WHEN checked THEN the rule passes
    const r = await checkTerraformFixture(cpSecretsKms, GUIDE);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('follows provider_key_arn to the key when the module is told not to create one', async () => {
    // GIVEN create_kms_key = false and a key with rotation off on line 8
    const r = await checkTerraform(cpSecretsKms, {
      'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  create_kms_key = false\n  cluster_encryption_config = {\n    provider_key_arn = aws_kms_key.eks.arn\n  }\n}\nresource "aws_kms_key" "eks" {\n}\n',
    });
    expect(outcomes(r)).toEqual(['fail CP-SECRETS-KMS[rotation] main.tf:8']);
  });

  it('is not evaluated when the module encryption config is a variable without a default', async () => {
    // GIVEN cluster_encryption_config = var.enc (line 3) and no default WHEN checked THEN the rule cannot decide, there
    const r = await checkTerraform(cpSecretsKms, { 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_encryption_config = var.enc\n}\nvariable "enc" {}\n' });
    expect(outcomes(r)).toEqual(['not-evaluated CP-SECRETS-KMS main.tf:3']);
    expect(r.findings[0]?.message).toContain('var.enc has no default');
  });

  it('fails a module whose encryption config is emptied', async () => {
    // GIVEN cluster_encryption_config = {} WHEN checked THEN the key is missing, at that input
    const r = await checkTerraform(cpSecretsKms, { 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_encryption_config = {}\n}\n' });
    expect(outcomes(r)).toEqual(['fail CP-SECRETS-KMS[key] main.tf:3']);
  });

  it('passes a plan whose key ARN is known only after apply but whose only key (in the module) rotates', async () => {
    // GIVEN a planned cluster whose key_arn is absent (known after apply) and one rotating key in module.eks.module.kms
    // WHEN checked THEN the rule passes
    const r = await checkTerraformFixture(cpSecretsKms, PLAN);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });
});

describe('CP-LOGGING on Terraform', () => {
  it('fails the two log types the module leaves off by default, at the module block', async () => {
    // GIVEN the guide's module example, which leaves cluster_enabled_log_types at its default
    // WHEN checked THEN controllerManager and scheduler fail at the module header
    const r = await checkTerraformFixture(cpLogging, GUIDE);
    expect(outcomes(r)).toEqual(['fail CP-LOGGING[controllerManager] guide-module.tf:2', 'fail CP-LOGGING[scheduler] guide-module.tf:2']);
  });

  it('passes all five types on a raw cluster', async () => {
    // GIVEN the raw example listing all five types WHEN checked THEN the rule passes
    const r = await checkTerraformFixture(cpLogging, RAW);
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('reads the v21 input name at its line', async () => {
    // GIVEN enabled_log_types (v21) with three types WHEN checked THEN the two missing fail at line 3
    const r = await checkTerraform(cpLogging, { 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  enabled_log_types = ["api", "audit", "authenticator"]\n}\n' });
    expect(outcomes(r)).toEqual(['fail CP-LOGGING[controllerManager] main.tf:3', 'fail CP-LOGGING[scheduler] main.tf:3']);
  });

  it('is not evaluated when the list comes from a local', async () => {
    // GIVEN the log types from local.log_types WHEN checked THEN the rule cannot decide, at line 3
    const r = await checkTerraform(cpLogging, { 'main.tf': cluster('  enabled_cluster_log_types = local.log_types\n') });
    expect(outcomes(r)).toEqual(['not-evaluated CP-LOGGING main.tf:3']);
  });
});

describe('CP-ACCESS-ENTRIES on Terraform', () => {
  it('fails the provider default CONFIG_MAP at the cluster header', async () => {
    // GIVEN the raw example without access_config WHEN checked THEN the default CONFIG_MAP fails at the header (line 15)
    const r = await checkTerraformFixture(cpAccessEntries, RAW);
    expect(outcomes(r)).toEqual(['fail CP-ACCESS-ENTRIES raw-resources.tf:15']);
  });

  it('passes access_config API, and the module default API_AND_CONFIG_MAP', async () => {
    // GIVEN access_config API on a raw cluster, and the module's default WHEN checked THEN both pass
    const raw = await checkTerraform(cpAccessEntries, { 'main.tf': cluster('  access_config {\n    authentication_mode = "API"\n  }\n') });
    expect(raw.rules[0]?.status).toBe('pass');
    const mod = await checkTerraformFixture(cpAccessEntries, GUIDE);
    expect(mod.rules[0]?.status).toBe('pass');
  });

  it('fails CONFIG_MAP written in the module at its line', async () => {
    // GIVEN authentication_mode = "CONFIG_MAP" on line 4 WHEN checked THEN it fails there
    const r = await checkTerraform(cpAccessEntries, { 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n\n  authentication_mode = "CONFIG_MAP"\n}\n' });
    expect(outcomes(r)).toEqual(['fail CP-ACCESS-ENTRIES main.tf:4']);
  });
});

describe('NODE-IMDSV2 on Terraform', () => {
  it('judges each node group of the raw example where its setting is', async () => {
    // GIVEN "system" with a launch template of hop limit 2 (line 42) and "bare" without a launch template (line 73)
    const r = await checkTerraformFixture(nodeImdsv2, RAW);
    expect(outcomes(r)).toEqual([
      'fail NODE-IMDSV2[hop-limit] raw-resources.tf:42',
      'fail NODE-IMDSV2[hop-limit] raw-resources.tf:73',
      'fail NODE-IMDSV2[http-tokens] raw-resources.tf:73',
    ]);
  });

  it('fails the v20 module default hop limit 2 at the node group', async () => {
    // GIVEN the guide's node group "system" (line 25) without metadata_options WHEN checked
    // THEN the module's default hop limit 2 fails there; tokens are required by the module default
    const r = await checkTerraformFixture(nodeImdsv2, GUIDE);
    expect(outcomes(r)).toEqual(['fail NODE-IMDSV2[hop-limit] guide-module.tf:25']);
  });

  it('passes metadata_options written on a module node group', async () => {
    // GIVEN a module node group with http_tokens required and hop limit 1 WHEN checked THEN the rule passes
    const tf = 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    a = {\n      metadata_options = {\n        http_tokens = "required"\n        http_put_response_hop_limit = 1\n      }\n    }\n  }\n}\n';
    const r = await checkTerraform(nodeImdsv2, { 'main.tf': tf });
    expect(r.findings).toEqual([]);
    expect(r.rules[0]?.status).toBe('pass');
  });

  it('is not evaluated for a launch template defined outside the files', async () => {
    // GIVEN a node group whose launch template comes from a data source WHEN checked
    // THEN both sub-rules are not evaluated, at the launch_template block
    const r = await checkTerraform(nodeImdsv2, { 'main.tf': 'resource "aws_eks_node_group" "a" {\n  ami_type = "AL2023_x86_64_STANDARD"\n  launch_template {\n    id = data.aws_launch_template.shared.id\n  }\n}\n' });
    expect(outcomes(r)).toEqual(['not-evaluated NODE-IMDSV2[hop-limit] main.tf:3', 'not-evaluated NODE-IMDSV2[http-tokens] main.tf:3']);
  });

  it('fails the planned launch template of a module node group at its hop limit', async () => {
    // GIVEN a plan whose node group's launch template (matched by name) has hop limit 2 WHEN checked THEN it fails at line 102
    const r = await checkTerraformFixture(nodeImdsv2, PLAN);
    expect(outcomes(r)).toEqual(['fail NODE-IMDSV2[hop-limit] plan.json:102']);
  });
});

describe('NODE-EBS-ENCRYPTED on Terraform', () => {
  it('passes an encrypted gp3 launch template and fails the node group without one', async () => {
    // GIVEN the raw example: "system" with an encrypted gp3 launch template, "bare" without one (line 73)
    // WHEN checked THEN only "bare" fails, for both encryption and type
    const r = await checkTerraformFixture(nodeEbsEncrypted, RAW);
    expect(outcomes(r)).toEqual(['fail NODE-EBS-ENCRYPTED[encrypted] raw-resources.tf:73', 'fail NODE-EBS-ENCRYPTED[gp3] raw-resources.tf:73']);
  });

  it('fails a module node group without block_device_mappings, at the group', async () => {
    // GIVEN the guide's node group without block_device_mappings WHEN checked THEN encryption fails at the group (line 25)
    const r = await checkTerraformFixture(nodeEbsEncrypted, GUIDE);
    expect(outcomes(r)).toEqual(['fail NODE-EBS-ENCRYPTED[encrypted] guide-module.tf:25']);
  });

  it('reads block_device_mappings of a module node group', async () => {
    // GIVEN an encrypted gp2 mapping on a module node group WHEN checked THEN only gp3 fails, at volume_type (line 9)
    const tf = 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    a = {\n      block_device_mappings = {\n        xvda = {\n          device_name = "/dev/xvda"\n          ebs = {\n            volume_type = "gp2"\n            encrypted = true\n          }\n        }\n      }\n    }\n  }\n}\n';
    const r = await checkTerraform(nodeEbsEncrypted, { 'main.tf': tf });
    expect(outcomes(r)).toEqual(['fail NODE-EBS-ENCRYPTED[gp3] main.tf:9']);
  });

  it('fails a planned launch template without mappings', async () => {
    // GIVEN a planned launch template with block_device_mappings [] (line 98) WHEN checked THEN encryption fails there
    const r = await checkTerraformFixture(nodeEbsEncrypted, PLAN);
    expect(outcomes(r)).toEqual(['fail NODE-EBS-ENCRYPTED[encrypted] plan.json:98']);
  });
});

describe('NODE-AMI on Terraform', () => {
  it('fails AL2 and passes Bottlerocket in the raw example', async () => {
    // GIVEN "system" on AL2_x86_64 (line 59) and "bare" on Bottlerocket WHEN checked THEN only "system" fails
    const r = await checkTerraformFixture(nodeAmi, RAW);
    expect(outcomes(r)).toEqual(['fail NODE-AMI raw-resources.tf:59']);
  });

  it('reads node groups given as a variable default, at the input that uses the variable', async () => {
    // GIVEN eks_managed_node_groups = var.groups (line 3) whose default has an AL2 group
    const tf = 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = var.groups\n}\nvariable "groups" {\n  default = {\n    legacy = { ami_type = "AL2_x86_64" }\n  }\n}\n';
    const r = await checkTerraform(nodeAmi, { 'main.tf': tf });
    // THEN the group is judged and located at the module input
    expect(outcomes(r)).toEqual(['fail NODE-AMI main.tf:3']);
    expect(r.findings[0]?.message).toContain('"legacy"');
  });

  it('passes the guide module node group (AL2023) and the planned one', async () => {
    // GIVEN AL2023 node groups in the module example and in the plan WHEN checked THEN both pass
    expect((await checkTerraformFixture(nodeAmi, GUIDE)).rules[0]?.status).toBe('pass');
    expect((await checkTerraformFixture(nodeAmi, PLAN)).rules[0]?.status).toBe('pass');
  });

  it('is not evaluated when a v20 module group leaves ami_type to EKS, and defaults v21 to AL2023', async () => {
    // GIVEN the same node group without ami_type under module v20 and v21
    // WHEN checked THEN v20 is not evaluated at the group (line 5) and v21 passes on its AL2023 default
    const group = '  eks_managed_node_groups = {\n    a = {\n      min_size = 1\n    }\n  }\n}\n';
    const v20 = await checkTerraform(nodeAmi, { 'main.tf': `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  version = "20.8.5"\n${group}` });
    expect(outcomes(v20)).toEqual(['not-evaluated NODE-AMI main.tf:5']);
    const v21 = await checkTerraform(nodeAmi, { 'main.tf': `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  version = "~> 21.0"\n${group}` });
    expect(v21.rules[0]?.status).toBe('pass');
  });
});

describe('Terraform remediation', () => {
  it('names the Terraform argument of the key when its rotation is off, not the CloudFormation property', async () => {
    // GIVEN the raw-resources example, whose aws_kms_key leaves rotation off
    const r = await checkTerraformFixture(cpSecretsKms, RAW);
    const rotation = r.findings.find((f) => f.id === 'CP-SECRETS-KMS[rotation]');
    // THEN the fix is the aws_kms_key argument (and the eks module input), never EnableKeyRotation
    expect(rotation?.fix).toContain('enable_key_rotation = true on the aws_kms_key');
    expect(rotation?.fix).not.toContain('EnableKeyRotation');
  });

  it('names both the resource argument and the eks module input for an endpoint open to the world', async () => {
    const r = await checkTerraform(cpEndpoint, { 'main.tf': cluster('  vpc_config {\n    endpoint_private_access = true\n  }\n') });
    expect(r.findings[0]?.fix).toMatch(/endpoint_public_access = false.*cluster_endpoint_public_access = false/);
  });
});

describe('CP-OIDC on Terraform', () => {
  it('passes the eks module, whose enable_irsa is on by default, and fails it turned off, at that input', async () => {
    const guide = await checkTerraformFixture(cpOidc, 'vpc-module.tf');
    expect(guide.findings).toEqual([]);
    expect(guide.rules[0]?.status).toBe('pass');
    const off = await checkTerraform(cpOidc, { 'main.tf': 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n  enable_irsa = false\n}\n' });
    expect(outcomes(off)).toEqual(['fail CP-OIDC main.tf:4']);
  });

  it('passes a raw cluster with an aws_iam_openid_connect_provider or the pod identity add-on, fails one with neither', async () => {
    expect(outcomes(await checkTerraformFixture(cpOidc, RAW))).toEqual(['fail CP-OIDC raw-resources.tf:15']);
    const withOidc = await checkTerraform(cpOidc, { 'main.tf': cluster('') + 'resource "aws_iam_openid_connect_provider" "eks" {\n  url = aws_eks_cluster.this.identity[0].oidc[0].issuer\n}\n' });
    expect(withOidc.findings).toEqual([]);
    const withAgent = await checkTerraform(cpOidc, { 'main.tf': cluster('') + 'resource "aws_eks_addon" "pia" {\n  cluster_name = aws_eks_cluster.this.name\n  addon_name   = "eks-pod-identity-agent"\n}\n' });
    expect(withAgent.findings).toEqual([]);
    expect(withAgent.rules[0]?.status).toBe('pass');
  });
});
