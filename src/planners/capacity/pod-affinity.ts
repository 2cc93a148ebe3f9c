/**
 * Inter-pod constraints: requiredDuringSchedulingIgnoredDuringExecution podAntiAffinity and podAffinity on the
 * hostname and zone topology keys, as the scheduler evaluates them (anti-affinity both ways: a pod is refused by a
 * node whose pods match its terms, and by a node whose pods' terms match it; affinity lets the first pod of a
 * self-matching group go anywhere).
 *
 * The planners decide zones late (a node takes its zone when it launches), so any node that receives a pod a zone
 * term can see is pinned to one zone when that pod lands; the other nodes never hold such pods and keep their
 * zone choice open.
 */
import { LABEL } from './instance-labels.js';
import type { LabelSelector, PodAffinityTerm, PodShape } from './model.js';

export const HOSTNAME = 'kubernetes.io/hostname';
const ZONE_KEYS = new Set<string>([LABEL.zone, 'failure-domain.beta.kubernetes.io/zone']);

export const isZoneKey = (k: string): boolean => ZONE_KEYS.has(k);
export const isSupportedTopology = (k: string): boolean => k === HOSTNAME || isZoneKey(k);

export function selectorMatches(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const v = labels[e.key];
    if (e.operator === 'In' && (v === undefined || !e.values.includes(v))) return false;
    if (e.operator === 'NotIn' && v !== undefined && e.values.includes(v)) return false;
    if (e.operator === 'Exists' && v === undefined) return false;
    if (e.operator === 'DoesNotExist' && v !== undefined) return false;
  }
  return true;
}

export function termMatches(t: PodAffinityTerm, pod: PodShape): boolean {
  return t.namespaces.includes(pod.namespace ?? 'default') && selectorMatches(t.selector, pod.labels ?? {});
}

export function describeTerm(t: PodAffinityTerm): string {
  const parts = [...Object.entries(t.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`), ...(t.selector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values.length ? ` [${e.values.join(',')}]` : ''}`)];
  return `{${parts.join(', ')}} per ${isZoneKey(t.topologyKey) ? 'zone' : 'node'}`;
}

export const hasInterPodTerms = (p: PodShape): boolean => (p.podAntiAffinity?.length ?? 0) > 0 || (p.podAffinity?.length ?? 0) > 0;

/** Which pods inter-pod constraints can touch: those with terms, and those some term matches. */
export interface AffinityIndex {
  /** Any term at all in the input: without one, every check below is skipped. */
  readonly active: boolean;
  readonly involved: ReadonlySet<PodShape>;
  /** Pods a zone term can see (or that have one): their nodes are pinned to a zone when they land. */
  readonly zoneRelevant: ReadonlySet<PodShape>;
}

export function affinityIndex(pods: readonly PodShape[]): AffinityIndex {
  const withTerms = pods.filter(hasInterPodTerms);
  if (withTerms.length === 0) return { active: false, involved: new Set(), zoneRelevant: new Set() };
  const allTerms = withTerms.flatMap((p) => [...(p.podAntiAffinity ?? []), ...(p.podAffinity ?? [])]);
  const zoneTerms = allTerms.filter((t) => isZoneKey(t.topologyKey));
  // Terms are shared by a workload's replicas: match each distinct term once per distinct label set.
  const involved = new Set<PodShape>(withTerms);
  const zoneRelevant = new Set<PodShape>(withTerms.filter((p) => [...(p.podAntiAffinity ?? []), ...(p.podAffinity ?? [])].some((t) => isZoneKey(t.topologyKey))));
  const distinctTerms = [...new Set(allTerms)];
  const distinctZone = new Set(zoneTerms);
  const memo = new Map<string, { any: boolean; zone: boolean }>();
  for (const p of pods) {
    const key = `${p.namespace ?? 'default'}|${JSON.stringify(p.labels ?? {})}`;
    let m = memo.get(key);
    if (!m) {
      m = { any: false, zone: false };
      for (const t of distinctTerms) {
        if (!termMatches(t, p)) continue;
        m.any = true;
        if (distinctZone.has(t)) m.zone = true;
      }
      memo.set(key, m);
    }
    if (m.any) involved.add(p);
    if (m.zone) zoneRelevant.add(p);
  }
  return { active: true, involved, zoneRelevant };
}

/** Where pods a term can see have landed so far (pinned nodes only hold the zone-relevant ones). */
export class Placements {
  private readonly all: PodShape[] = [];
  private readonly byZone = new Map<string, PodShape[]>();
  constructor(readonly index: AffinityIndex) {}

  add(pod: PodShape, zone: string | undefined): void {
    if (!this.index.involved.has(pod)) return;
    this.all.push(pod);
    if (zone !== undefined && this.index.zoneRelevant.has(pod)) {
      const l = this.byZone.get(zone) ?? [];
      l.push(pod);
      this.byZone.set(zone, l);
    }
  }

  anyMatching(t: PodAffinityTerm): boolean {
    return this.all.some((q) => termMatches(t, q));
  }

  zoneCount(zone: string): number {
    return this.byZone.get(zone)?.length ?? 0;
  }

  /**
   * The node's zones where the pod may land, or a reason it may not join the node at all. `nodePods` are the pods
   * already on the node.
   */
  admit(pod: PodShape, nodePods: readonly PodShape[], zones: readonly string[]): { zones: readonly string[] } | { reason: string } {
    const anti = pod.podAntiAffinity ?? [];
    const aff = pod.podAffinity ?? [];
    // Host level, both ways for anti-affinity.
    for (const t of anti) if (!isZoneKey(t.topologyKey) && nodePods.some((q) => termMatches(t, q))) return { reason: `pod anti-affinity ${describeTerm(t)}: the node already runs a matching pod` };
    for (const q of nodePods) for (const t of q.podAntiAffinity ?? []) if (!isZoneKey(t.topologyKey) && termMatches(t, pod)) return { reason: `pod ${q.id}'s anti-affinity ${describeTerm(t)} keeps it off that node` };
    for (const t of aff) {
      if (isZoneKey(t.topologyKey)) continue;
      if (nodePods.some((q) => termMatches(t, q))) continue;
      if (!this.anyMatching(t) && termMatches(t, pod)) continue;
      return { reason: this.anyMatching(t) ? `pod affinity ${describeTerm(t)}: the matching pods' nodes have no room for it` : `pod affinity ${describeTerm(t)}: no pod matching it is placed` };
    }
    // Zone level.
    let ok = zones;
    for (const t of anti) if (isZoneKey(t.topologyKey)) ok = ok.filter((z) => !(this.byZone.get(z) ?? []).some((q) => termMatches(t, q)));
    if (ok.length === 0) return { reason: `pod anti-affinity: every zone it may use [${zones.join(',')}] already runs a pod matching ${anti.filter((t) => isZoneKey(t.topologyKey)).map(describeTerm).join(', ')}` };
    ok = ok.filter((z) => !(this.byZone.get(z) ?? []).some((q) => (q.podAntiAffinity ?? []).some((t) => isZoneKey(t.topologyKey) && termMatches(t, pod))));
    if (ok.length === 0) return { reason: `another pod's zone anti-affinity keeps it out of [${zones.join(',')}]` };
    for (const t of aff) {
      if (!isZoneKey(t.topologyKey)) continue;
      const withMatch = ok.filter((z) => (this.byZone.get(z) ?? []).some((q) => termMatches(t, q)));
      if (withMatch.length > 0) {
        ok = withMatch;
        continue;
      }
      if (!this.anyMatching(t) && termMatches(t, pod)) continue;
      return { reason: `pod affinity ${describeTerm(t)}: no zone it may use runs a matching pod` };
    }
    return { zones: ok };
  }

  /** The zone a zone-relevant pod pins its node to: the one with the fewest such pods so far, then by name. */
  pick(zones: readonly string[]): string {
    let best = zones[0] as string;
    for (const z of zones) if (this.zoneCount(z) < this.zoneCount(best) || (this.zoneCount(z) === this.zoneCount(best) && z < best)) best = z;
    return best;
  }
}
