/** Small manifest builders for rule tests: a realistic object with only the part under test changed. */

export interface DeploymentSpec {
  readonly name?: string;
  readonly namespace?: string;
  readonly replicas?: number;
  readonly labels?: Record<string, string>;
  readonly image?: string;
  /** Extra YAML lines for the container, indented 10 spaces (under `- name:`). */
  readonly container?: string;
  readonly kind?: string;
}

export function deployment(s: DeploymentSpec = {}): string {
  const name = s.name ?? 'web';
  const labels = { app: name, ...(s.labels ?? {}) };
  const lab = Object.entries(labels).map(([k, v]) => `\n    ${k}: ${v}`).join('');
  const podLab = Object.entries(labels).map(([k, v]) => `\n        ${k}: ${v}`).join('');
  return [
    `apiVersion: apps/v1`,
    `kind: ${s.kind ?? 'Deployment'}`,
    `metadata:`,
    `  name: ${name}`,
    ...(s.namespace ? [`  namespace: ${s.namespace}`] : []),
    `  labels:${lab}`,
    `spec:`,
    ...(s.replicas !== undefined ? [`  replicas: ${s.replicas}`] : []),
    `  selector:`,
    `    matchLabels:`,
    `      app: ${name}`,
    `  template:`,
    `    metadata:`,
    `      labels:${podLab}`,
    `    spec:`,
    `      containers:`,
    `        - name: app`,
    `          image: ${s.image ?? '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.3'}`,
    ...(s.container ? [s.container.replace(/\n$/, '')] : []),
    '',
  ].join('\n');
}

export const RESTRICTED_CONTAINER = [
  '          securityContext:',
  '            runAsNonRoot: true',
  '            allowPrivilegeEscalation: false',
  '            readOnlyRootFilesystem: true',
  '            capabilities: {drop: [ALL]}',
  '            seccompProfile: {type: RuntimeDefault}',
].join('\n');

export const RESOURCES = ['          resources:', '            requests: {cpu: 100m, memory: 128Mi}', '            limits: {memory: 256Mi}'].join('\n');
