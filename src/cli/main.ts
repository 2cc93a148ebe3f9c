/**
 * The keelson CLI. Commands import their heavy dependencies (aws-cdk-lib, tsx) lazily, so `keelson --version`
 * and light commands start fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { formatProblem, isKeelsonError } from '../errors.js';
import type { CheckCommandOptions as CheckCliOptions } from './commands/check.js';
// Type-only: erased at run time, so the plan commands still load lazily.
import type { PlanIpsOptions } from './commands/plan-ips.js';
import type { PlanUpgradeOptions } from './commands/plan-upgrade.js';
import type { PlanCapacityOptions } from './commands/plan-capacity.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('keelson')
    .description('Define, generate, prove and plan a production Amazon EKS cluster in code')
    .version(version(), '-v, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('synth')
    .description('generate the AWS CDK cloud assembly (CloudFormation) for a cluster definition')
    .option('-c, --config <file>', 'keelson.config.ts or keelson.yaml (default: found in the current directory)')
    .option('-o, --out <dir>', 'output directory of the cloud assembly', 'cdk.out')
    .option('-m, --manifests <dir>', 'output directory of the GitOps kustomize tree (delivery: gitops)', 'manifests')
    .option('--no-validation', "skip aws-cdk-lib's built-in CloudFormation validation (faster)")
    .action(async (opts: { config?: string; out: string; manifests: string; validation: boolean }) => {
      const { runSynth } = await import('./commands/synth.js');
      exitCode = await runSynth(opts, io);
    });

  program
    .command('check')
    .description('audit cluster definitions and Kubernetes manifests against the production-readiness rules')
    .argument('[paths...]', 'files or directories: keelson YAML, eksctl ClusterConfig, CloudFormation, Kubernetes manifests, snapshots')
    .option('-f, --format <format>', 'table, json, sarif, junit or html (one self-contained page)', 'table')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    // Low and info findings are hygiene and advice: reported, but they fail a build only when asked for.
    .option('--fail-on <severity>', 'exit 1 when an unsuppressed failure is at or above this severity (critical, high, medium, low, info)', 'medium')
    .option('--target-version <version>', 'Kubernetes version the manifests must work on (default: the definition\'s, else the newest keelson supports)')
    .option('--allow-registry <registry...>', 'registries allowed besides ECR')
    .option('--suppressions <file>', 'YAML file of suppressions: rule, reason, and optional kind, namespace, name, path, expires')
    .option('--live', 'audit the running cluster of the kubeconfig context (read-only; Secrets are never read)')
    .option('--kubeconfig <file>', 'with --live: kubeconfig (default: KUBECONFIG or ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'with --live: kubeconfig context (default: the current one)')
    .option('--eks-cluster <name>', 'with --live: also read the EKS cluster through the AWS SDK (standard credential chain)')
    .option('--region <region>', 'with --eks-cluster: AWS region (default: AWS_REGION)')
    .option('--save-snapshot <file>', 'with --live: keep what was read, to check offline later or compare')
    .option('--no-account', 'with --eks-cluster: read only the EKS API, not the VPC, IAM roles, KMS key, ECR, GuardDuty and SQS around it')
    .option('--against <file>', 'with --live (or a snapshot): report every place the running cluster differs from this definition (keelson, CloudFormation, eksctl, Terraform)')
    .option('--compare <snapshot>', 'an earlier snapshot: report what changed in the cluster since, and which findings are new or gone')
    .addOption(new Option('--eks-endpoint <url>', 'EKS API endpoint override').hideHelp())
    .addOption(new Option('--aws-endpoint <url>', 'EC2, IAM, KMS, ECR, GuardDuty and SQS endpoint override').hideHelp())
    .action(async (paths: string[], opts: CheckCliOptions) => {
      // Loaded lazily: this path never loads aws-cdk-lib.
      const { runCheck } = await import('./commands/check.js');
      exitCode = await runCheck(paths, opts, io);
    });

  program
    .command('report')
    .description('one self-contained HTML page from the JSON of keelson check and, optionally, keelson plan capacity, ips and upgrade')
    .argument('<files...>', 'keelson check --format json output, then any keelson plan ... --format json outputs (any order)')
    .option('-o, --output <file>', 'write the page to a file instead of stdout')
    .option('--compare <file>', 'an earlier keelson check --format json output: show what got better or worse since')
    .action(async (files: string[], opts: { output?: string; compare?: string }) => {
      const { runReport } = await import('./commands/report.js');
      exitCode = runReport(files, opts, io);
    });

  program
    .command('verify')
    .description("check that every Helm chart and image the definition pins exists upstream, and that keelson's values pass each chart's values.schema.json")
    .option('-c, --config <file>', 'keelson.config.ts or keelson.yaml (default: found in the current directory)')
    .option('--mirror <from=to>', 'read FROM (a registry, repository or chart repository URL prefix) at TO instead; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--plain-http', 'talk to OCI registries over http (a registry mirror on a trusted network)')
    .option('--timeout <seconds>', 'per request', '20')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { config?: string; mirror?: string[]; plainHttp?: boolean; timeout?: string; format?: string }) => {
      const { runVerify } = await import('./commands/verify.js');
      exitCode = await runVerify(opts, io);
    });

  program
    .command('snapshot')
    .description('read a running cluster (read-only, Secrets never read) into a file that keelson check audits offline')
    .requiredOption('-o, --output <file>', 'snapshot file to write (YAML)')
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG or ~/.kube/config, or the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--page-size <n>', 'objects per list request', '500')
    .option('--eks-cluster <name>', 'also read the EKS cluster, node groups, add-ons, access entries and the account around it through the AWS SDK (standard credential chain)')
    .option('--region <region>', 'AWS region of the EKS cluster (default: AWS_REGION)')
    .option('--no-account', 'with --eks-cluster: read only the EKS API, not the VPC, IAM roles, KMS key, ECR, GuardDuty and SQS around it')
    .addOption(new Option('--eks-endpoint <url>', 'EKS API endpoint override').hideHelp())
    .addOption(new Option('--aws-endpoint <url>', 'EC2, IAM, KMS, ECR, GuardDuty and SQS endpoint override').hideHelp())
    .action(async (opts: { output: string; kubeconfig?: string; context?: string; pageSize?: string; eksCluster?: string; region?: string; eksEndpoint?: string; awsEndpoint?: string; account?: boolean }) => {
      const { runSnapshot } = await import('./commands/snapshot.js');
      exitCode = await runSnapshot(opts, io);
    });

  program
    .command('permissions')
    .description('print the IAM policy and Kubernetes ClusterRole a live audit needs (read-only)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { format?: string }) => {
      const { runPermissions } = await import('./commands/permissions.js');
      exitCode = runPermissions(opts, io);
    });

  program
    .command('init')
    .description('scaffold a new keelson project with the production defaults spelled out')
    .argument('[dir]', 'directory to create the project in', '.')
    .option('--name <name>', 'cluster name', 'prod-cluster')
    .option('--force', 'overwrite existing files')
    .action(async (dir: string, opts: { name: string; force?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      exitCode = await runInit(dir, opts, io);
    });

  const plan = program.command('plan').description('compute pod IP capacity, upgrades and capacity/cost from your definition and manifests');
  const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
  plan
    .command('ips')
    .description('max pods per instance type, addresses per node with the warm pool, and whether each subnet runs out')
    .option('-c, --config <file>', 'keelson.config.ts or keelson.yaml (default: found in the current directory)')
    .option('--subnet <cidr>', 'node subnet CIDR, once per zone (overrides the definition)', collect)
    .option('--pod-subnet <cidr>', 'pod subnet CIDR with custom networking, once per zone', collect)
    .option('--nodes <n>', 'planned node count (default: addons.coreDns.expectedNodes, else 10)')
    .option('--instance-type <type>', 'node instance type (default: the system node group\'s first type)')
    .option('--pods-per-node <n>', 'pods with a VPC address per node (default: a full node)')
    .option('--prefix-delegation', 'plan with VPC CNI prefix delegation (default: from the definition)')
    .option('--no-prefix-delegation', 'plan with secondary IPs')
    .option('--warm-eni-target <n>', 'WARM_ENI_TARGET (default 1)')
    .option('--warm-ip-target <n>', 'WARM_IP_TARGET')
    .option('--minimum-ip-target <n>', 'MINIMUM_IP_TARGET')
    .option('--warm-prefix-target <n>', 'WARM_PREFIX_TARGET (default 1, or the definition\'s)')
    .option('--types <list>', 'comma-separated instance types for the max-pods table (default: the family of --instance-type)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: PlanIpsOptions) => {
      const { runPlanIps } = await import('./commands/plan-ips.js');
      exitCode = await runPlanIps(opts, io);
    });
  plan
    .command('upgrade')
    .description('removed APIs, support window and cost, add-ons, drain blockers and node drift for a version upgrade, and the runbook')
    .argument('[paths...]', 'Kubernetes manifests and cluster definitions (files or directories)')
    .requiredOption('--to <version>', 'target Kubernetes version, e.g. 1.36')
    .option('--from <version>', 'current version (default: the definition\'s kubernetesVersion)')
    .option('-c, --config <file>', 'keelson.config.ts or keelson.yaml: current version and pinned add-on versions')
    .option('--today <date>', 'judge support windows on this ISO date (default: today)')
    .option('--format <format>', 'table, json or markdown (the runbook)', 'table')
    .option('-o, --output <file>', 'also write the Markdown runbook to this file')
    .action(async (paths: string[], opts: PlanUpgradeOptions) => {
      const { runPlanUpgrade } = await import('./commands/plan-upgrade.js');
      exitCode = await runPlanUpgrade(paths, opts, io);
    });
  plan
    .command('capacity')
    .description('nodes and monthly cost per scenario (x86, Graviton, Spot, Savings Plans), Karpenter\'s plan and keelson\'s best, against a lower bound')
    .argument('[paths...]', 'Kubernetes manifests: workloads, DaemonSets, HPAs and Karpenter NodePools (files or directories)')
    .option('-c, --config <file>', "keelson.config.ts or keelson.yaml: its NodePools, DaemonSets, zones and VPC CNI mode join the manifests")
    .option('--explain', 'per node: why that type; per unplaceable pod: why')
    .option('--replicas <which>', 'current, min or max: replicas of workloads with an HPA', 'current')
    .option('--spot-discount <fraction>', 'Spot discount off on-demand (default 0.6: the low end of the guide\'s 60-90%)')
    .option('--savings-plan-discount <fraction>', 'Compute Savings Plans discount (default 0.17: the low end of the guide\'s 17-30%)')
    .option('--region <region>', 'price region (us-east-1, us-gov-east-1, us-gov-west-1)', 'us-east-1')
    .option('--zones <list>', 'comma-separated availability zones (default: the region\'s a, b, c)')
    .option('--scenario <list>', 'only these scenarios: x86-on-demand, graviton-on-demand, graviton-spot, graviton-spot-savings-plans')
    .option('--refresh', 'rebuild the instance catalogue from AWS (DescribeInstanceTypes, Pricing API, Spot price history) into the user cache')
    .option('--prefix-delegation', 'kubelet maxPods as with VPC CNI prefix delegation (110 / 250)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (paths: string[], opts: PlanCapacityOptions) => {
      const { runPlanCapacity } = await import('./commands/plan-capacity.js');
      exitCode = await runPlanCapacity(paths, opts, io);
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isKeelsonError(e)) {
      io.err(`${e.problems.map(formatProblem).join('\n')}\n`);
      return EXIT_USAGE;
    }
    const debug = program.opts<{ debug?: boolean }>().debug;
    io.err(`keelson: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    else io.err('  run again with --debug for the stack trace, and report it as a keelson bug\n');
    return EXIT_USAGE;
  }
}
