import { isRecord } from '../../sources/detect.js';
import { valueAt } from '../../sources/fact.js';
import type { Inventory, K8sObject, WorkloadFact } from '../../sources/inventory.js';
import { apiGroup, objectsOfGroups, objectsOfKind } from '../../sources/inventory.js';
import { child } from '../../sources/location.js';
import type { At } from '../../sources/location.js';
import { defineRule } from '../define-rule.js';
import { keelsonDefinitions, written } from '../internal/definitions.js';
import type { KeelsonDefinition } from '../internal/definitions.js';
import { parseImage } from '../internal/pod.js';
import { applicationWorkloadsOf, describeWorkload } from '../internal/targets.js';
import type { RemediationFormat, Verdict } from '../types.js';

/** One admission check that verifies image signatures, with the images it covers and whether it rejects. */
interface Verifier {
  readonly type: 'verifier';
  readonly what: string;
  /** The policy; a keelson definition's kyverno.imageVerification stands for the policy synth renders from it. */
  readonly object: K8sObject | KeelsonVerifier;
  readonly patterns: readonly string[];
  readonly enforced: boolean;
  readonly modeAt: At;
  /** Only pods of namespaces carrying this label are checked (Sigstore policy-controller's opt-in). */
  readonly namespaceLabel?: string;
  readonly problem?: { readonly message: string; readonly at: At };
}

interface Workload {
  readonly type: 'workload';
  readonly workload: WorkloadFact;
}

interface KeelsonVerifier {
  readonly kind: 'keelson';
  readonly at: At;
}

/** A keelson definition: its Kyverno settings decide whether synth renders a signature-verifying policy. */
interface Definition {
  readonly type: 'definition';
  readonly keelson: KeelsonDefinition;
}

type Target = Verifier | Workload | Definition;

/** The name keelson's synth gives the policy rendered from kyverno.imageVerification (synth/manifests/kyverno.ts). */
const KEELSON_POLICY = 'verify-image-signatures';

/** The API groups of the admission policies that verify signatures. */
const VERIFIER_GROUPS = ['kyverno.io', 'policies.kyverno.io', 'policy.sigstore.dev', 'constraints.gatekeeper.sh'];

/**
 * kyverno.imageVerification of a keelson definition whose rendered policies are not among the inputs: synth writes a
 * ClusterPolicy verifying those references with the definition's validationFailureAction.
 */
function keelsonVerifiers(inv: Inventory): Verifier[] {
  const rendered = objectsOfKind(inv, 'ClusterPolicy', 'kyverno.io').some((o) => o.name === KEELSON_POLICY);
  if (rendered) return [];
  return keelsonDefinitions(inv).flatMap((k): Verifier[] => {
    const iv = k.definition.kyverno.imageVerification;
    if (!k.definition.kyverno.enabled || !iv) return [];
    const at = child(k.at, 'kyverno', 'imageVerification');
    const modeAt = written(k.raw, 'kyverno', 'validationFailureAction') ? child(k.at, 'kyverno', 'validationFailureAction') : child(k.at, 'kyverno');
    return [{ type: 'verifier', what: `keelson kyverno.imageVerification of cluster ${k.definition.name}`, object: { kind: 'keelson', at }, patterns: iv.imageReferences, enforced: k.definition.kyverno.validationFailureAction === 'Enforce', modeAt }];
  });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function kyvernoVerifiers(p: K8sObject): Verifier[] {
  const rules = valueAt(p.value, ['spec', 'rules']);
  if (!Array.isArray(rules)) return [];
  // Kyverno's default mode is Audit; 1.13+ sets it per verifyImages entry (failureAction).
  const specAction = valueAt(p.value, ['spec', 'validationFailureAction']);
  return rules.flatMap((r, i) => {
    const list = isRecord(r) ? r.verifyImages : undefined;
    if (!Array.isArray(list)) return [];
    return list.flatMap((v, j): Verifier[] => {
      if (!isRecord(v)) return [];
      const at = child(p.at, 'spec', 'rules', i, 'verifyImages', j);
      const own = typeof v.failureAction === 'string';
      const action = own ? String(v.failureAction) : typeof specAction === 'string' ? specAction : 'Audit';
      const modeAt = own ? child(at, 'failureAction') : child(p.at, 'spec', 'validationFailureAction');
      const problem = v.required === false ? { message: `${p.kind} ${p.name} verifies signatures with required: false, so unsigned images are admitted`, at: child(at, 'required') } : undefined;
      return [{ type: 'verifier', what: `${p.kind} ${p.name}`, object: p, patterns: [...strings(v.imageReferences), ...strings(v.image)], enforced: /^enforce$/i.test(action), modeAt, ...(problem ? { problem } : {}) }];
    });
  });
}

// Every workload is checked against the same verifiers: read them once per inventory, not once per workload.
const verifierCache = new WeakMap<Inventory, { readonly size: number; readonly verifiers: Verifier[] }>();

function verifiers(inv: Inventory): Verifier[] {
  const cached = verifierCache.get(inv);
  if (cached && cached.size === inv.objects.length) return cached.verifiers;
  const out = [...readVerifiers(inv), ...keelsonVerifiers(inv)];
  verifierCache.set(inv, { size: inv.objects.length, verifiers: out });
  return out;
}

function readVerifiers(inv: Inventory): Verifier[] {
  const out: Verifier[] = [];
  for (const o of objectsOfGroups(inv, VERIFIER_GROUPS)) {
    const group = apiGroup(o.apiVersion);
    if (group === 'kyverno.io' && (o.kind === 'ClusterPolicy' || o.kind === 'Policy')) out.push(...kyvernoVerifiers(o));
    else if (group === 'policies.kyverno.io' && (o.kind === 'ImageValidatingPolicy' || o.kind === 'NamespacedImageValidatingPolicy')) {
      // Kyverno 1.14+: validationActions [Deny] rejects; [Audit] or [Warn] only reports.
      const refs = valueAt(o.value, ['spec', 'matchImageReferences']);
      const patterns = Array.isArray(refs) ? refs.flatMap((r) => strings(valueAt(r, ['glob']))) : [];
      const actions = strings(valueAt(o.value, ['spec', 'validationActions']));
      out.push({ type: 'verifier', what: `${o.kind} ${o.name}`, object: o, patterns: patterns.length > 0 ? patterns : ['*'], enforced: actions.length === 0 || actions.includes('Deny'), modeAt: child(o.at, 'spec', 'validationActions') });
    } else if (group === 'policy.sigstore.dev' && o.kind === 'ClusterImagePolicy') {
      const images = valueAt(o.value, ['spec', 'images']);
      const mode = valueAt(o.value, ['spec', 'mode']);
      out.push({ type: 'verifier', what: `ClusterImagePolicy ${o.name}`, object: o, patterns: Array.isArray(images) ? images.flatMap((i) => strings(valueAt(i, ['glob']))) : [], enforced: mode === undefined || mode === 'enforce', modeAt: child(o.at, 'spec', 'mode'), namespaceLabel: 'policy.sigstore.dev/include' });
    } else if (group === 'constraints.gatekeeper.sh' && o.kind === 'RatifyVerification') {
      // Ratify verifies every image of the pods the constraint matches (Notation for AWS Signer, or Cosign).
      const action = valueAt(o.value, ['spec', 'enforcementAction']);
      out.push({ type: 'verifier', what: `RatifyVerification ${o.name}`, object: o, patterns: ['*'], enforced: action === undefined || action === 'deny', modeAt: child(o.at, 'spec', 'enforcementAction') });
    }
  }
  return out;
}

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Admission tools match the image as written and as normalized (docker.io/library/nginx for nginx). */
export function imageMatches(pattern: string, image: string): boolean {
  const re = globRegex(pattern);
  if (re.test(image)) return true;
  const { registry } = parseImage(image);
  if (registry !== 'docker.io' || image.startsWith('docker.io/')) return false;
  return re.test(`docker.io/${image.includes('/') ? image : `library/${image}`}`);
}

function covers(inv: Inventory, v: Verifier, w: WorkloadFact, image: string): boolean {
  if (!v.patterns.some((p) => imageMatches(p, image))) return false;
  if (v.object.kind === 'Policy' && 'namespace' in v.object && (v.object.namespace ?? '') !== (w.object.namespace ?? '')) return false;
  if (v.namespaceLabel && w.object.namespace !== undefined) {
    const ns = inv.namespaces.find((n) => n.name === w.object.namespace && n.object);
    if (ns && ns.labels[v.namespaceLabel] !== 'true') return false;
  }
  return true;
}

export default defineRule({
  id: 'SEC-IMAGE-SIGNING',
  title: 'Image signatures are verified at admission (Cosign / AWS Signer)',
  severity: 'info',
  area: 'workload-security',
  evidence: ['DEF', 'K8S', 'LIVE'],
  rationale: 'A scanned, ECR-only image can still be replaced by one nobody built in CI. For a higher security bar the guide signs images with Cosign or AWS Signer and has a Kyverno policy verify the signature before a pod can run, so only images your pipeline signed are admitted.',
  practice: 'AWS Signer signs with Notation; Kyverno verifies those signatures with a Notary attestor (the AWS Signer root certificate) or through Ratify with Gatekeeper. Kyverno 1.13+ sets the mode per verifyImages entry (failureAction) and 1.14+ adds ImageValidatingPolicy; Sigstore\'s policy-controller (ClusterImagePolicy) checks only namespaces labelled policy.sigstore.dev/include=true. All of these are accepted. A policy in Audit mode records unsigned images but admits them. A keelson definition is evidence too: kyverno.imageVerification (with Kyverno enabled) stands for the verify-image-signatures policy synth renders from it when that policy is not among the inputs, and a definition without it fails at the field.',
  remediation: {
    keelson: 'set kyverno.imageVerification (type cosign with publicKey, or notary with the AWS Signer certificates) and imageReferences covering your images',
    kubernetes: 'add a Kyverno ClusterPolicy with a verifyImages rule (imageReferences matching your images, Cosign key or Notary/AWS Signer certificate attestors, failureAction: Enforce)',
  },
  targets(inv: Inventory): readonly Target[] {
    const workloads = applicationWorkloadsOf(inv).filter((w) => w.containers.some((c) => c.image !== undefined));
    // A definition with image verification on is judged as the verifier it renders; one without is a target of its own.
    const definitions = keelsonDefinitions(inv).filter((k) => !k.definition.kyverno.enabled || !k.definition.kyverno.imageVerification);
    return [...verifiers(inv), ...workloads.map((workload): Workload => ({ type: 'workload', workload })), ...definitions.map((keelson): Definition => ({ type: 'definition', keelson }))];
  },
  locate: (t: Target) => (t.type === 'verifier' ? t.object.at : t.type === 'workload' ? t.workload.object.at : t.keelson.at),
  format: (t: Target): RemediationFormat => (t.type === 'definition' || (t.type === 'verifier' && t.object.kind === 'keelson') ? 'keelson' : 'kubernetes'),
  check(t, ctx) {
    if (t.type === 'definition') {
      // A policy of its own among the inputs (not keelson's) verifies signatures whatever the definition says.
      if (readVerifiers(ctx.inventory).length > 0) return [];
      const k = t.keelson;
      if (!k.definition.kyverno.enabled) {
        const at = written(k.raw, 'kyverno', 'enabled') ? child(k.at, 'kyverno', 'enabled') : child(k.at, 'kyverno');
        return [ctx.fail(`cluster ${k.definition.name}: kyverno.enabled is false, so no admission policy verifies image signatures`, at, { sub: 'policy' })];
      }
      const at = written(k.raw, 'kyverno') ? child(k.at, 'kyverno', 'imageVerification') : k.at;
      return [ctx.fail(`cluster ${k.definition.name}: kyverno.imageVerification is not set, so no admission policy verifies image signatures`, at, { sub: 'policy' })];
    }
    if (t.type === 'verifier') {
      if (t.problem) return [ctx.fail(t.problem.message, t.problem.at, { sub: 'policy' })];
      if (!t.enforced) {
        const fix = t.object.kind === 'keelson' ? 'set kyverno.validationFailureAction: Enforce (the default)' : 'set failureAction: Enforce on the verifyImages entry (or validationFailureAction: Enforce; validationActions: [Deny]; mode: enforce)';
        return [ctx.fail(`${t.what} verifies image signatures but does not enforce it (audit only): unsigned images are admitted`, t.modeAt, { sub: 'policy', fix })];
      }
      return [];
    }
    const w = t.workload;
    const all = verifiers(ctx.inventory);
    const out: Verdict[] = [];
    for (const c of w.containers) {
      if (c.image === undefined) continue;
      const image = c.image;
      // A verifier that only audits is reported once, on the policy; here only images no policy looks at.
      if (all.some((v) => covers(ctx.inventory, v, w, image))) continue;
      out.push(ctx.fail(`no admission policy in the inputs verifies the signature of ${image} (container "${c.name}" of ${describeWorkload(w)})`, child(c.at, 'image'), { sub: 'unverified' }));
    }
    return out;
  },
});
