export { clusterDefinitionSchema, DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS, LOG_TYPES, AMI_TYPES } from './schema.js';
export type { ClusterDefinition, ClusterDefinitionInput, WorkloadIdentity } from './schema.js';
export { defineCluster, parseDefinition } from './parse.js';
export { loadDefinition, parseYamlDefinition, findConfig, CONFIG_CANDIDATES } from './load.js';
