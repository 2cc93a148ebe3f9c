/** Keeps what the rules read and drops the bulk (managedFields, most status), so 150,000 pods fit in memory. */
export function trimObject(o: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...((o.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete metadata.managedFields;
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
    const rest = { ...annotations };
    delete rest['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = rest;
  }
  const out: Record<string, unknown> = { ...o, metadata };
  if (o.kind === 'Pod' || o.kind === 'Node') {
    const status = o.status as Record<string, unknown> | undefined;
    out.status = o.kind === 'Pod' ? { phase: status?.phase } : { nodeInfo: status?.nodeInfo, allocatable: status?.allocatable, capacity: status?.capacity };
  }
  return out;
}
