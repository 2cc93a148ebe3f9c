import { constructs, ec2, ecr, guardduty, iam } from './lib.js';
import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../../model/schema.js';
import type { ClusterNetwork } from './network.js';

export interface AccountSecurityProps {
  readonly definition: ClusterDefinition;
  readonly network: ClusterNetwork;
}

/**
 * Account-level services the guide asks for: GuardDuty with EKS runtime monitoring (checklist item 20) and
 * ECR enhanced, continuous scanning (item 10). Both are one-per-account-and-region resources.
 */
export class AccountSecurity extends constructs.Construct {
  constructor(scope: Construct, id: string, props: AccountSecurityProps) {
    super(scope, id);
    const d = props.definition;
    if (d.addons.guardDuty.enabled) {
      new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        features: [
          {
            name: 'EKS_RUNTIME_MONITORING',
            status: 'ENABLED',
            // keelson installs the agent as a managed add-on itself, so GuardDuty must not manage it too.
            additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }],
          },
          { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
        ],
      });
      // The agent reports through this endpoint; nodes have no other path to GuardDuty from private subnets.
      const endpoint = props.network.vpc.addInterfaceEndpoint('GuardDutyData', {
        service: new ec2.InterfaceVpcEndpointAwsService('guardduty-data'),
        subnets: props.network.nodeSubnets,
        privateDnsEnabled: true,
      });
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          resources: ['*'],
          conditions: { StringNotEquals: { 'aws:PrincipalAccount': d.account } },
        }),
      );
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:PrincipalAccount': d.account } },
        }),
      );
    }
    new ecr.CfnRegistryScanningConfiguration(this, 'RegistryScanning', {
      scanType: d.ecr.scanType,
      rules: [
        {
          scanFrequency: d.ecr.scanType === 'ENHANCED' ? (d.ecr.continuous ? 'CONTINUOUS_SCAN' : 'SCAN_ON_PUSH') : 'SCAN_ON_PUSH',
          repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }],
        },
      ],
    });
  }
}
