import type { ClusterDefinition } from '../../model/schema.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * team and environment labels for keelson's own workloads, from the cluster's required Team and Environment tags,
 * so cost attribution and incident routing treat platform pods like any other. A tag that is not a valid label
 * value (spaces, over 63 characters) is left out rather than mangled.
 */
export function platformWorkloadLabels(d: ClusterDefinition): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [label, tag] of [['team', 'Team'], ['environment', 'Environment']] as const) {
    const value = d.tags[tag];
    if (value !== undefined && value.length <= 63 && LABEL_VALUE.test(value)) labels[label] = value;
  }
  return labels;
}
