/**
 * aws-cdk-lib, loaded through require. aws-cdk-lib defers loading each class until it is first used; an ESM
 * `import * as ec2` reads every export to build the namespace and so loads all of them (over 1 s per synth).
 * Files use these values, and `import type * as EC2 from 'aws-cdk-lib/aws-ec2'` for types.
 */
import { createRequire } from 'node:module';
import type * as CDK from 'aws-cdk-lib';
import type * as APS from 'aws-cdk-lib/aws-aps';
import type * as EC2 from 'aws-cdk-lib/aws-ec2';
import type * as ECR from 'aws-cdk-lib/aws-ecr';
import type * as EKS from 'aws-cdk-lib/aws-eks-v2';
import type * as GUARDDUTY from 'aws-cdk-lib/aws-guardduty';
import type * as IAM from 'aws-cdk-lib/aws-iam';
import type * as KMS from 'aws-cdk-lib/aws-kms';
import type * as LOGS from 'aws-cdk-lib/aws-logs';
import type * as CXAPI from 'aws-cdk-lib/cx-api';
import type * as EVENTS from 'aws-cdk-lib/aws-events';
import type * as TARGETS from 'aws-cdk-lib/aws-events-targets';
import type * as SQS from 'aws-cdk-lib/aws-sqs';
import type * as CONSTRUCTS from 'constructs';
import type * as KUBECTL from '@aws-cdk/lambda-layer-kubectl-v36';

const require = createRequire(import.meta.url);

export const cdk = require('aws-cdk-lib') as typeof CDK;
export const aps = require('aws-cdk-lib/aws-aps') as typeof APS;
export const ec2 = require('aws-cdk-lib/aws-ec2') as typeof EC2;
export const ecr = require('aws-cdk-lib/aws-ecr') as typeof ECR;
export const eks = require('aws-cdk-lib/aws-eks-v2') as typeof EKS;
export const guardduty = require('aws-cdk-lib/aws-guardduty') as typeof GUARDDUTY;
export const iam = require('aws-cdk-lib/aws-iam') as typeof IAM;
export const kms = require('aws-cdk-lib/aws-kms') as typeof KMS;
export const logs = require('aws-cdk-lib/aws-logs') as typeof LOGS;
export const cxapi = require('aws-cdk-lib/cx-api') as typeof CXAPI;
export const constructs = require('constructs') as typeof CONSTRUCTS;
export const kubectlLayer = require('@aws-cdk/lambda-layer-kubectl-v36') as typeof KUBECTL;
export const events = require('aws-cdk-lib/aws-events') as typeof EVENTS;
export const targets = require('aws-cdk-lib/aws-events-targets') as typeof TARGETS;
export const sqs = require('aws-cdk-lib/aws-sqs') as typeof SQS;
