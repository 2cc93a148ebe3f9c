/**
 * terraform-aws-modules/iam's IRSA module, as its README and the eks module's examples write it: the role trusts the
 * namespace:service-account pairs of oidc_providers, and manifests that annotate a service account with its ARN are
 * checked against that trust.
 */
import { describe, expect, it } from 'vitest';
import iamIrsa from '../../rules/identity/iam-irsa.js';
import iamLeastPrivilege from '../../rules/identity/iam-least-privilege.js';
import iamTrustScoped from '../../rules/identity/iam-trust-scoped.js';
import { checkTerraform, inventoryOf, outcomes } from './terraform.fixtures.js';

const EBS_IRSA = `module "ebs_csi_irsa_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name             = "ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}
`;

const V6 = `module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name            = "app-reader"
  use_name_prefix = false

  policies = {
    s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
  }

  oidc_providers = {
    this = {
      provider_arn               = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C54DDF35ER19312844C7333374CC09D"
      namespace_service_accounts = ["app:api"]
    }
  }
}
`;

const workload = (ns: string, sa: string, role: string) =>
  [
    'apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${sa}`, `  namespace: ${ns}`, '  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${role}`, '---',
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${sa}`, `  namespace: ${ns}`, 'spec:', `  selector: {matchLabels: {app: ${sa}}}`, '  template:', `    metadata: {labels: {app: ${sa}}}`, '    spec:',
    `      serviceAccountName: ${sa}`, '      containers:', '        - name: app', '          image: public.ecr.aws/aws-cli/aws-cli:2.17.0', '          env: [{name: AWS_REGION, value: eu-west-1}]', '',
  ].join('\n');

describe('the IRSA module of terraform-aws-modules/iam', () => {
  it('makes a pod role named by role_name, trusting the listed service account with StringEquals and the STS audience', async () => {
    const inv = await inventoryOf({ 'irsa.tf': EBS_IRSA });
    expect(inv.roles.map((r) => [r.name, r.roleName, r.trust.map((t) => t.conditions.value)])).toEqual([
      ['module.ebs_csi_irsa_role', 'ebs-csi', [{ StringEquals: { '<issuer>:sub': 'system:serviceaccount:kube-system:ebs-csi-controller-sa', '<issuer>:aud': 'sts.amazonaws.com' } }]],
    ]);
    const r = await checkTerraform(iamTrustScoped, { 'irsa.tf': EBS_IRSA });
    expect([r.rules[0]?.status, r.findings]).toEqual(['pass', []]);
  });

  it('IAM-TRUST-SCOPED fails a namespace wildcard under StringLike, at the provider entry', async () => {
    const text = EBS_IRSA.replace('kube-system:ebs-csi-controller-sa', 'kube-system:*').replace('attach_ebs_csi_policy = true', 'attach_ebs_csi_policy = true\n  assume_role_condition_test = "StringLike"');
    const r = await checkTerraform(iamTrustScoped, { 'irsa.tf': text });
    // The module puts the audience under the same test, so StringLike also fails the audience and StringEquals checks.
    expect(outcomes(r)).toEqual(['fail IAM-TRUST-SCOPED[aud] irsa.tf:10', 'fail IAM-TRUST-SCOPED[string-equals] irsa.tf:10', 'fail IAM-TRUST-SCOPED[wildcard] irsa.tf:10']);
  });

  it('IAM-IRSA: a ServiceAccount annotated with the role\'s ARN must be one the module trusts', async () => {
    // GIVEN the EBS CSI role and a workload in app/api that borrows it
    const wrong = await checkTerraform(iamIrsa, { 'irsa.tf': EBS_IRSA, 'app.yaml': workload('app', 'api', 'ebs-csi') });
    expect(outcomes(wrong)).toEqual(['fail IAM-IRSA[trust] app.yaml:7']);
    const right = await checkTerraform(iamIrsa, { 'irsa.tf': EBS_IRSA, 'app.yaml': workload('kube-system', 'ebs-csi-controller-sa', 'ebs-csi') });
    expect(right.findings).toEqual([]);
  });

  it('reads the v6 name (name with use_name_prefix = false, policies, a literal provider ARN)', async () => {
    const inv = await inventoryOf({ 'irsa.tf': V6 });
    expect(inv.roles.map((r) => [r.roleName, r.managedPolicies.map((p) => p.value), Object.keys(r.trust[0]?.conditions.value?.StringEquals ?? {})])).toEqual([
      ['app-reader', ['AmazonS3ReadOnlyAccess'], ['oidc.eks.eu-west-1.amazonaws.com/id/5C54DDF35ER19312844C7333374CC09D:sub', 'oidc.eks.eu-west-1.amazonaws.com/id/5C54DDF35ER19312844C7333374CC09D:aud']],
    ]);
    expect(outcomes(await checkTerraform(iamIrsa, { 'irsa.tf': V6, 'app.yaml': workload('app', 'worker', 'app-reader') }))).toEqual(['fail IAM-IRSA[trust] app.yaml:7']);
    // v6 adds a random suffix unless use_name_prefix = false: no name to match an annotation with
    const prefixed = await inventoryOf({ 'irsa.tf': V6.replace('  use_name_prefix = false\n', '') });
    expect(prefixed.roles.map((r) => r.roleName)).toEqual([undefined]);
  });

  it('IAM-LEAST-PRIVILEGE fails AdministratorAccess in role_policy_arns, at that entry', async () => {
    const text = EBS_IRSA.replace('attach_ebs_csi_policy = true', 'role_policy_arns = {\n    admin = "arn:aws:iam::aws:policy/AdministratorAccess"\n  }');
    expect(outcomes(await checkTerraform(iamLeastPrivilege, { 'irsa.tf': text }))).toEqual([expect.stringMatching(/^fail IAM-LEAST-PRIVILEGE(\[[\w-]+\])? irsa.tf:7$/)]);
  });

  it('is not evaluated when the service accounts come from a variable without a default', async () => {
    const text = `variable "sas" {}\n${EBS_IRSA.replace('["kube-system:ebs-csi-controller-sa"]', 'var.sas')}`;
    const r = await checkTerraform(iamIrsa, { 'irsa.tf': text, 'app.yaml': workload('app', 'api', 'ebs-csi') });
    expect(r.findings.map((f) => [f.outcome, f.id])).toEqual([['not-evaluated', 'IAM-IRSA[trust]']]);
  });
});

describe('kubernetes_service_account in Terraform', () => {
  const sa = (ns: string, name: string, arn: string) => `resource "kubernetes_service_account_v1" "this" {
  metadata {
    name      = "${name}"
    namespace = "${ns}"
    annotations = {
      "eks.amazonaws.com/role-arn" = ${arn}
    }
  }
}
`;
  const DEPLOYMENT = (ns: string, name: string) => workload(ns, name, 'unused').split('---\n')[1]!;

  it('IAM-IRSA follows module.x.iam_role_arn to the IRSA module\'s role and checks its trust, at the annotation', async () => {
    // GIVEN the EBS CSI role annotated on app/api, whose Deployment is in the manifests
    const wrong = await checkTerraform(iamIrsa, { 'irsa.tf': EBS_IRSA, 'sa.tf': sa('app', 'api', 'module.ebs_csi_irsa_role.iam_role_arn'), 'app.yaml': DEPLOYMENT('app', 'api') });
    expect(outcomes(wrong)).toEqual(['fail IAM-IRSA[trust] sa.tf:6']);
    expect(wrong.findings[0]?.message).toContain('names role ebs-csi');
    const right = await checkTerraform(iamIrsa, { 'irsa.tf': EBS_IRSA, 'sa.tf': sa('kube-system', 'ebs-csi-controller-sa', 'module.ebs_csi_irsa_role.iam_role_arn'), 'app.yaml': DEPLOYMENT('kube-system', 'ebs-csi-controller-sa') });
    expect(right.findings).toEqual([]);
  });

  it('reads an ARN built from the role name, the account known only at plan time', async () => {
    const arn = '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${local.role}"';
    const files = (ns: string, name: string) => ({ 'irsa.tf': `locals {\n  role = "ebs-csi"\n}\n${EBS_IRSA}`, 'sa.tf': sa(ns, name, arn), 'app.yaml': DEPLOYMENT(ns, name) });
    const inv = await inventoryOf(files('app', 'api'));
    expect(inv.objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.annotations)).toEqual([{ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::<data.aws_caller_identity.current.account_id>:role/ebs-csi' }]);
    expect(outcomes(await checkTerraform(iamIrsa, files('app', 'api')))).toEqual(['fail IAM-IRSA[trust] sa.tf:6']);
  });
});

describe('kubernetes_service_account in a plan (terraform show -json)', () => {
  const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
  const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } } }] });
  const DEPLOYMENT = (ns: string, name: string) => workload(ns, name, 'unused').split('---\n')[1]!;
  /** The EBS CSI role (module.irsa) and a service account ns/name annotated with its ARN: `arn` when known, else known only after apply. */
  const plan = (ns: string, name: string, arn?: string, withConfiguration = true) => {
    const role = { address: 'module.irsa.aws_iam_role.this[0]', mode: 'managed', type: 'aws_iam_role', name: 'this', index: 0, values: { name: 'ebs-csi', assume_role_policy: TRUST } };
    const metadata = [{ name, namespace: ns, annotations: arn === undefined ? {} : { 'eks.amazonaws.com/role-arn': arn }, labels: null }];
    const sa = { address: 'kubernetes_service_account_v1.this', mode: 'managed', type: 'kubernetes_service_account_v1', name: 'this', values: { metadata, automount_service_account_token: true } };
    const unknown = arn === undefined ? { metadata: [{ annotations: { 'eks.amazonaws.com/role-arn': true } }] } : {};
    return JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: [sa], child_modules: [{ address: 'module.irsa', resources: [role] }] } },
      resource_changes: [
        { address: sa.address, mode: 'managed', type: sa.type, name: 'this', change: { actions: ['create'], after: sa.values, after_unknown: unknown } },
        { address: role.address, module_address: 'module.irsa', mode: 'managed', type: 'aws_iam_role', name: 'this', index: 0, change: { actions: ['create'], after: role.values, after_unknown: { arn: true } } },
      ],
      ...(withConfiguration
        ? {
            configuration: {
              root_module: {
                resources: [{ address: 'kubernetes_service_account_v1.this', mode: 'managed', type: 'kubernetes_service_account_v1', name: 'this', expressions: { metadata: [{ name: { constant_value: name }, namespace: { constant_value: ns }, annotations: { references: ['module.irsa.iam_role_arn', 'module.irsa'] } }] } }],
                module_calls: { irsa: { source: 'terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks', module: { outputs: { iam_role_arn: { expression: { references: ['aws_iam_role.this[0].arn', 'aws_iam_role.this[0]', 'aws_iam_role.this'] } } }, resources: [{ address: 'aws_iam_role.this', mode: 'managed', type: 'aws_iam_role', name: 'this' }] } } },
              },
            },
          }
        : {}),
    }, null, 2);
  };
  const serviceAccounts = async (text: string) => (await inventoryOf({ 'plan.json': text })).objects.filter((o) => o.kind === 'ServiceAccount').map((o) => [o.namespace, o.name, o.annotations]);

  it('reads the service account, its role ARN known only after apply followed to the role the configuration references', async () => {
    expect(await serviceAccounts(plan('app', 'api'))).toEqual([['app', 'api', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::<account>:role/ebs-csi' }]]);
    // GIVEN the role trusts only kube-system:ebs-csi-controller-sa THEN app/api fails at its service account in the plan
    const wrong = await checkTerraform(iamIrsa, { 'plan.json': plan('app', 'api'), 'app.yaml': DEPLOYMENT('app', 'api') });
    expect(wrong.findings.map((f) => [f.outcome, f.id, f.location.file])).toEqual([['fail', 'IAM-IRSA[trust]', 'plan.json']]);
    expect(wrong.findings[0]?.message).toContain('names role ebs-csi');
    const right = await checkTerraform(iamIrsa, { 'plan.json': plan('kube-system', 'ebs-csi-controller-sa'), 'app.yaml': DEPLOYMENT('kube-system', 'ebs-csi-controller-sa') });
    expect([right.rules[0]?.status, right.findings]).toEqual(['pass', []]);
  });

  it('reads a known ARN as written', async () => {
    const arn = 'arn:aws:iam::123456789012:role/ebs-csi';
    expect(await serviceAccounts(plan('app', 'api', arn))).toEqual([['app', 'api', { 'eks.amazonaws.com/role-arn': arn }]]);
    expect(outcomes(await checkTerraform(iamIrsa, { 'plan.json': plan('app', 'api', arn), 'app.yaml': DEPLOYMENT('app', 'api') })).map((o) => o.split(' ').slice(0, 2).join(' '))).toEqual(['fail IAM-IRSA[trust]']);
  });

  it('keeps an ARN the plan cannot trace as an annotation known after apply: never "no role"', async () => {
    const text = plan('app', 'api', undefined, false);
    expect(await serviceAccounts(text)).toEqual([['app', 'api', { 'eks.amazonaws.com/role-arn': '<known after apply>' }]]);
    const r = await checkTerraform(iamIrsa, { 'plan.json': text, 'app.yaml': DEPLOYMENT('app', 'api') });
    expect(r.findings).toEqual([]);
  });
});
