import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { configMapData } from '../internal/components.js';
import { addonConfiguration } from '../internal/definitions.js';
import { describeWorkload, workloadTargets } from '../internal/targets.js';

/** With ndots: 2 a name of two or more dots is tried as written first; a shorter name still walks the search list. */
const NDOTS_ADVISED = 2;
const HOST = /(?:^|[/@\s=,;"'])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){2,}[a-z][a-z0-9-]*[a-z0-9])(?=$|[:/\s,;"'?])/gi;
const CLUSTER_SUFFIX = /\.(svc|cluster\.local|local|internal)$/i;
const FILE_EXTENSION = /\.(ya?ml|json|conf|cfg|ini|toml|xml|properties|txt|log|jar|war|py|js|sh|pem|crt|key|so|class|html?)$/;

/** Names outside the cluster (two or more dots, not an IP, not a cluster or search-domain name) in a container's env, args and command. */
export function externalNames(w: WorkloadFact): string[] {
  const texts: string[] = [];
  for (const c of w.containers) {
    const env = c.value.env;
    if (Array.isArray(env)) for (const e of env) if (isRecord(e) && typeof e.value === 'string') texts.push(e.value);
    for (const k of ['args', 'command']) {
      const list = c.value[k];
      if (Array.isArray(list)) for (const a of list) if (typeof a === 'string') texts.push(a);
    }
  }
  const names = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(HOST)) {
      const h = (m[1] as string).toLowerCase();
      const raw = m[1] as string;
      // Hosts are written in lower case; Java classes (com.acme.Main) are not, and file names end in an extension.
      if (raw !== h || /^[\d.]+$/.test(h) || CLUSTER_SUFFIX.test(h) || FILE_EXTENSION.test(h)) continue;
      names.add(h);
    }
  }
  return [...names];
}

/** CoreDNS with the autopath plugin answers search-list queries in one round trip: the guide's alternative to ndots. */
const autopathCache = new WeakMap<Inventory, { size: number; on: boolean }>();
function autopath(inv: Inventory): boolean {
  const cached = autopathCache.get(inv);
  if (cached && cached.size === inv.objects.length) return cached.on;
  const on = readAutopath(inv);
  autopathCache.set(inv, { size: inv.objects.length, on });
  return on;
}

function readAutopath(inv: Inventory): boolean {
  const inCorefile = (text: unknown): boolean => typeof text === 'string' && /^\s*autopath\b/m.test(text);
  if (objectsOfKind(inv, 'ConfigMap', '').some((cm) => cm.name === 'coredns' && Object.values(configMapData(cm)).some(inCorefile))) return true;
  return inv.addons.some((a) => a.name === 'coredns' && inCorefile(valueAt(addonConfiguration(inv, a).value, ['corefile'])));
}

export default defineRule({
  id: 'DNS-NDOTS',
  title: 'Pods calling external services set ndots:2 (or CoreDNS uses autopath)',
  severity: 'info',
  area: 'addons',
  evidence: ['K8S', 'LIVE'],
  rationale: 'Kubernetes gives pods ndots:5 and a search list of several cluster domains, so a lookup of api.example.com is first tried as api.example.com.<namespace>.svc.cluster.local and the other search suffixes — the guide counts about six queries before the real one. Setting ndots:2 in pods that call external services resolves such names first; CoreDNS\'s autopath plugin is the cluster-side alternative.',
  practice: 'Advice, not a defect: ndots:2 still sends names with fewer dots (example.com) through the search list, and a trailing dot (api.example.com.) skips it for one name. This rule finds external names in container env values, args and commands; names that reach the pod another way (a ConfigMap, SDK defaults such as AWS endpoints) are not seen.',
  remediation: {
    kubernetes: 'add spec.template.spec.dnsConfig: {options: [{name: ndots, value: "2"}]} to the pod template, or enable autopath in the CoreDNS Corefile (autopath @kubernetes with pods verified)',
  },
  ...workloadTargets(),
  check(w, ctx) {
    const names = externalNames(w);
    if (names.length === 0) return [];
    const spec = w.podSpec;
    const hostResolver = spec.dnsPolicy === 'Default' || (spec.hostNetwork === true && spec.dnsPolicy !== 'ClusterFirstWithHostNet' && spec.dnsPolicy !== 'None');
    if (hostResolver) return [];
    const options = valueAt(spec, ['dnsConfig', 'options']);
    const i = Array.isArray(options) ? options.findIndex((o) => isRecord(o) && o.name === 'ndots') : -1;
    const dnsConfigAt = child(w.object.at, ...w.podSpecPath, 'dnsConfig');
    const list = names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
    if (i >= 0) {
      const value = Number((options as Record<string, unknown>[])[i]?.value);
      if (Number.isFinite(value) && value <= NDOTS_ADVISED) return [];
      return [ctx.fail(`${describeWorkload(w)} calls ${list} with ndots ${String((options as Record<string, unknown>[])[i]?.value)}: each lookup walks the search list first`, child(dnsConfigAt, 'options', i, 'value'))];
    }
    if (autopath(ctx.inventory)) return [];
    return [ctx.fail(`${describeWorkload(w)} calls ${list} with the default ndots:5: each lookup tries the cluster search domains first`, dnsConfigAt)];
  },
});
