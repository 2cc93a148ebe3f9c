import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { objectsOfKind, objectsOfKindIn } from '../../sources/inventory.js';
import { SNAPSHOT_ANNOTATION } from '../../sources/live/snapshot.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { applicationWorkloadsOf, describeWorkload, isApplicationNamespace, sameNamespace } from '../internal/targets.js';
import type { RemediationFormat, Verdict } from '../types.js';

interface SecretTarget {
  readonly type: 'secret';
  readonly object: K8sObject;
}
interface WorkloadTarget {
  readonly type: 'workload';
  readonly workload: WorkloadFact;
}
type Target = SecretTarget | WorkloadTarget;

const CSI_DRIVER = 'secrets-store.csi.k8s.io';
const ESO_GROUP = 'external-secrets.io';

function nonEmpty(v: unknown): boolean {
  return isRecord(v) && Object.keys(v).length > 0;
}

/** A Secret whose values are written in the manifests (not an ESO-made copy, not a service account token). */
function storesValues(o: K8sObject): boolean {
  if (o.kind !== 'Secret' || o.apiVersion !== 'v1') return false;
  if (o.value.type === 'kubernetes.io/service-account-token') return false;
  const owners = valueAt(o.value, ['metadata', 'ownerReferences']);
  if (Array.isArray(owners) && owners.some((r) => isRecord(r) && r.kind === 'ExternalSecret')) return false;
  return nonEmpty(o.value.data) || nonEmpty(o.value.stringData);
}

/** The Secrets a pod reads (env, envFrom, volumes), each with where it is named; image pull secrets are left out. */
function secretRefs(w: WorkloadFact): { name: string; at: At }[] {
  const out: { name: string; at: At }[] = [];
  const podAt = child(w.object.at, ...w.podSpecPath);
  for (const c of w.containers) {
    const env = c.value.env;
    if (Array.isArray(env)) env.forEach((e, i) => {
      const name = valueAt(e, ['valueFrom', 'secretKeyRef', 'name']);
      if (typeof name === 'string') out.push({ name, at: child(c.at, 'env', i, 'valueFrom', 'secretKeyRef', 'name') });
    });
    const envFrom = c.value.envFrom;
    if (Array.isArray(envFrom)) envFrom.forEach((e, i) => {
      const name = valueAt(e, ['secretRef', 'name']);
      if (typeof name === 'string') out.push({ name, at: child(c.at, 'envFrom', i, 'secretRef', 'name') });
    });
  }
  const volumes = w.podSpec.volumes;
  if (Array.isArray(volumes)) volumes.forEach((v, i) => {
    const name = valueAt(v, ['secret', 'secretName']);
    if (typeof name === 'string') out.push({ name, at: child(podAt, 'volumes', i, 'secret', 'secretName') });
    const sources = valueAt(v, ['projected', 'sources']);
    if (Array.isArray(sources)) sources.forEach((s, j) => {
      const n = valueAt(s, ['secret', 'name']);
      if (typeof n === 'string') out.push({ name: n, at: child(podAt, 'volumes', i, 'projected', 'sources', j, 'secret', 'name') });
    });
  });
  return out;
}

/** The provider an ESO store reads from: `aws SecretsManager`, `vault`, ...; undefined when the store is not in the inputs. */
function storeProvider(inv: Inventory, es: K8sObject): { provider: string; aws: boolean; at: At } | undefined {
  const ref = valueAt(es.value, ['spec', 'secretStoreRef']);
  const name = valueAt(ref, ['name']);
  const kind = valueAt(ref, ['kind']) ?? 'SecretStore';
  const store = objectsOfKind(inv, String(kind), ESO_GROUP).find((o) => o.name === name && (kind === 'ClusterSecretStore' || sameNamespace(o, es)));
  if (!store) return undefined;
  const provider = valueAt(store.value, ['spec', 'provider']);
  if (!isRecord(provider)) return undefined;
  const key = Object.keys(provider)[0] ?? 'unknown';
  const service = valueAt(provider, ['aws', 'service']);
  return { provider: key === 'aws' ? `aws ${String(service ?? 'SecretsManager')}` : key, aws: key === 'aws', at: child(store.at, 'spec', 'provider') };
}

function spcProvider(inv: Inventory, ns: K8sObject, match: (spc: K8sObject) => boolean): K8sObject | undefined {
  return objectsOfKindIn(inv, 'SecretProviderClass', 'secrets-store.csi.x-k8s.io', ns.namespace).find((o) => sameNamespace(o, ns) && match(o));
}

type Source = { ok: boolean; what: string; at?: At };

interface SecretIndex {
  readonly size: number;
  /** `namespace\0name` -> how that Secret is produced. */
  readonly sources: Map<string, Source>;
  /** `namespace\0name` of the Secrets written with their values in the manifests. */
  readonly written: Set<string>;
  /** The inputs are a live snapshot, which never reads Secrets nor the kinds that produce them. */
  readonly live: boolean;
}

const key = (o: K8sObject | undefined, name: string): string => `${o?.namespace ?? ''}\u0000${name}`;

// Built once per inventory: every Secret reference of every pod is then one lookup, not a scan of the inputs.
const indexes = new WeakMap<Inventory, SecretIndex>();
function secretIndex(inv: Inventory): SecretIndex {
  const cached = indexes.get(inv);
  if (cached && cached.size === inv.objects.length) return cached;
  const sources = new Map<string, Source>();
  const put = (k: string, src: Source): void => {
    if (!sources.has(k)) sources.set(k, src);
  };
  for (const o of objectsOfKind(inv, 'ExternalSecret', ESO_GROUP)) {
    const store = storeProvider(inv, o);
    put(key(o, String(valueAt(o.value, ['spec', 'target', 'name']) ?? o.name)), store && !store.aws ? { ok: false, what: `ExternalSecret ${o.name} syncs it from ${store.provider}, not from Secrets Manager or Parameter Store`, at: store.at } : { ok: true, what: `ExternalSecret ${o.name}` });
  }
  for (const o of objectsOfKind(inv, 'Certificate', 'cert-manager.io')) {
    const name = valueAt(o.value, ['spec', 'secretName']);
    if (typeof name === 'string') put(key(o, name), { ok: true, what: `cert-manager Certificate ${o.name}` });
  }
  for (const o of objectsOfKind(inv, 'SealedSecret', 'bitnami.com')) put(key(o, o.name), { ok: false, what: `SealedSecret ${o.name} keeps it, encrypted, in the manifests rather than in Secrets Manager or Parameter Store`, at: o.at });
  for (const o of objectsOfKind(inv, 'SecretProviderClass', 'secrets-store.csi.x-k8s.io')) {
    const objs = valueAt(o.value, ['spec', 'secretObjects']);
    if (!Array.isArray(objs)) continue;
    const provider = valueAt(o.value, ['spec', 'provider']);
    for (const so of objs) {
      const name = valueAt(so, ['secretName']);
      if (typeof name === 'string') put(key(o, name), provider === 'aws' ? { ok: true, what: `SecretProviderClass ${o.name}` } : { ok: false, what: `SecretProviderClass ${o.name} syncs it from provider ${String(provider)}, not AWS`, at: child(o.at, 'spec', 'provider') });
    }
  }
  const written = new Set(objectsOfKind(inv, 'Secret', '').filter(storesValues).map((o) => key(o, o.name)));
  const live = inv.documents.some((d) => isRecord(d.value) && d.value.kind === 'List' && valueAt(d.value, ['metadata', 'annotations', SNAPSHOT_ANNOTATION]) !== undefined);
  const index = { size: inv.objects.length, sources, written, live };
  indexes.set(inv, index);
  return index;
}

export default defineRule({
  id: 'SEC-SECRETS-EXTERNAL',
  title: 'Secrets come from Secrets Manager / Parameter Store (External Secrets or the CSI provider)',
  severity: 'low',
  area: 'workload-security',
  evidence: ['K8S', 'LIVE'],
  rationale: 'A Secret written in manifests is base64, not encrypted: it lives in Git history and in every copy of the repository, and rotating it means a commit. The guide keeps secrets in AWS Secrets Manager or Parameter Store and brings them in with the External Secrets Operator (synced into a Secret, with rotation) or the AWS Secrets and Configuration Provider for the Secrets Store CSI driver (mounted into the pod, never stored in etcd).',
  practice: 'Sealed Secrets and SOPS encrypt values in Git, which is better than plain Secrets but is not the guide\'s Secrets Manager pattern, so they are reported too. TLS Secrets issued by cert-manager hold no stored secret and pass. A Secret no object in the inputs produces (created by hand with kubectl) is reported at the pod that reads it; in a live snapshot, which holds no Secrets and none of the kinds that produce them, such a reference is not evaluated.',
  remediation: {
    keelson: 'set externalSecrets.enabled: true with secretsPathPrefix, and add ExternalSecret objects for the application secrets',
    kubernetes: 'store the value in Secrets Manager (or Parameter Store) and sync it with an ExternalSecret (provider aws), or mount it with a SecretProviderClass (provider: aws) through the Secrets Store CSI driver; remove the Secret from the manifests',
  },
  targets(inv: Inventory): readonly Target[] {
    const secrets = objectsOfKind(inv, 'Secret', '').filter((o) => storesValues(o) && isApplicationNamespace(o.namespace)).map((object): SecretTarget => ({ type: 'secret', object }));
    const workloads = applicationWorkloadsOf(inv).filter((w) => (secretRefs(w).length > 0 || hasCsiSecrets(w))).map((workload): WorkloadTarget => ({ type: 'workload', workload }));
    return [...secrets, ...workloads];
  },
  locate: (t: Target) => (t.type === 'secret' ? t.object.at : t.workload.object.at),
  format: (): RemediationFormat => 'kubernetes',
  check(t, ctx) {
    if (t.type === 'secret') {
      const o = t.object;
      const field = nonEmpty(o.value.data) ? 'data' : 'stringData';
      return [ctx.fail(`Secret ${o.namespace ? `${o.namespace}/` : ''}${o.name} has its values written in the manifests (${field}: base64 is not encryption)`, child(o.at, field), { sub: 'in-manifests' })];
    }
    const w = t.workload;
    const inv = ctx.inventory;
    const out: Verdict[] = [];
    const seen = new Set<string>();
    for (const ref of secretRefs(w)) {
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      const index = secretIndex(inv);
      // A Secret written in the manifests is reported on itself.
      if (index.written.has(key(w.object, ref.name))) continue;
      const source = index.sources.get(key(w.object, ref.name));
      if (source?.ok) continue;
      if (source) out.push(ctx.fail(`${describeWorkload(w)} reads Secret ${ref.name}: ${source.what}`, source.at ?? ref.at, { sub: 'provider' }));
      else if (index.live) out.push(ctx.notEvaluated(`${describeWorkload(w)} reads Secret ${ref.name}; a live snapshot holds no Secrets, ExternalSecrets or SecretProviderClasses, so where it comes from is unknown`, ref.at, { sub: 'unmanaged' }));
      else out.push(ctx.fail(`${describeWorkload(w)} reads Secret ${ref.name}, which no ExternalSecret or SecretProviderClass in the inputs produces`, ref.at, { sub: 'unmanaged' }));
    }
    const volumes = w.podSpec.volumes;
    if (Array.isArray(volumes)) volumes.forEach((v) => {
      if (valueAt(v, ['csi', 'driver']) !== CSI_DRIVER) return;
      const name = valueAt(v, ['csi', 'volumeAttributes', 'secretProviderClass']);
      const spc = spcProvider(inv, w.object, (o) => o.name === name);
      if (spc && valueAt(spc.value, ['spec', 'provider']) !== 'aws') {
        out.push(ctx.fail(`${describeWorkload(w)} mounts SecretProviderClass ${spc.name}, whose provider is ${String(valueAt(spc.value, ['spec', 'provider']))}, not aws`, child(spc.at, 'spec', 'provider'), { sub: 'provider' }));
      }
    });
    return out;
  },
});

function hasCsiSecrets(w: WorkloadFact): boolean {
  const volumes = w.podSpec.volumes;
  return Array.isArray(volumes) && volumes.some((v) => valueAt(v, ['csi', 'driver']) === CSI_DRIVER);
}
