import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type * as LOGS from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import { FLUENT_BIT_NAMESPACE, FLUENT_BIT_SERVICE_ACCOUNT, applicationLogGroupName } from '../manifests/fluent-bit.js';
import { cdk, constructs, iam, logs } from './lib.js';
import { PodRole } from './pod-role.js';

export interface ContainerLogsProps {
  readonly cluster: EKS.Cluster;
  readonly definition: ClusterDefinition;
}

/** The actions Fluent Bit's cloudwatch_logs output calls on a log group that already exists. */
export const FLUENT_BIT_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'] as const;

/**
 * The application log group with its retention, created here rather than by the agent so retention is never
 * "never expire"; with the Fluent Bit agent, its Pod Identity role may write to that one group only.
 */
export class ContainerLogs extends constructs.Construct {
  readonly logGroup: LOGS.LogGroup;
  readonly agentRole?: IAM.Role;

  constructor(scope: Construct, id: string, props: ContainerLogsProps) {
    super(scope, id);
    const d = props.definition;
    const name = applicationLogGroupName(d);
    this.logGroup = new logs.LogGroup(this, 'ApplicationLogs', {
      logGroupName: name,
      retention: d.observability.logs.retentionDays as LOGS.RetentionDays,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    if (d.observability.logs.agent !== 'fluent-bit') return;
    const groupArn = `arn:${cdk.Stack.of(this).partition}:logs:${d.region}:${d.account}:log-group:${name}`;
    this.agentRole = new PodRole(this, 'FluentBit', {
      cluster: props.cluster,
      namespace: FLUENT_BIT_NAMESPACE,
      serviceAccount: FLUENT_BIT_SERVICE_ACCOUNT,
      mode: 'podIdentity',
      createAssociation: true,
      description: `Fluent Bit of ${d.name}: writes container logs to ${name} only`,
      statements: [new iam.PolicyStatement({ sid: 'ShipContainerLogs', actions: [...FLUENT_BIT_LOG_ACTIONS], resources: [groupArn, `${groupArn}:log-stream:*`] })],
    }).role;
  }
}
