/** keelson's public API. Nothing outside this file is public. */
export { defineCluster, parseDefinition } from './model/parse.js';
export { loadDefinition, parseYamlDefinition } from './model/load.js';
export { clusterDefinitionSchema, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from './model/schema.js';
export type { ClusterDefinition, ClusterDefinitionInput, WorkloadIdentity } from './model/schema.js';
export { ProductionCluster } from './synth/cdk/production-cluster.js';
export type { ProductionClusterProps } from './synth/cdk/production-cluster.js';
export { synthesize, buildApp } from './synth/synthesize.js';
export type { SynthOptions, SynthResult } from './synth/synthesize.js';
export { KeelsonError } from './errors.js';
export type { Problem, SourceLocation } from './errors.js';
