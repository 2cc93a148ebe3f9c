/** The IP plan: for each subnet (one per zone), the addresses the planned nodes and pods take against its capacity. */
import { esc } from './escape.js';
import { int, plural } from './format-numbers.js';
import type { IpsDoc } from './inputs.js';
import { subnetChart } from './svg-charts.js';

export const instanceTypeName = (t: IpsDoc['plan']['input']['instanceType']): string => (typeof t === 'string' ? t : t.name);

export function ipsSection(doc: IpsDoc): string {
  const p = doc.plan;
  const label = (s: IpsDoc['plan']['subnets'][number]): string => `${s.subnet.zone ?? s.subnet.name ?? s.subnet.cidr} ${s.role === 'pod' ? 'pods' : s.role === 'node' ? 'nodes' : ''}`.trim();
  const verdict = p.ok
    ? `<p class="better">Enough addresses: ${plural(p.input.nodes, 'node')} of ${esc(instanceTypeName(p.input.instanceType))} fit, and the subnets hold up to ${p.maxNodes === null ? 'any number of' : int(p.maxNodes)} nodes before the first one runs out.</p>`
    : `<p class="worse">Not enough addresses: a subnet runs out before ${plural(p.input.nodes, 'node')} of ${esc(instanceTypeName(p.input.instanceType))} are placed (the subnets hold ${p.maxNodes === null ? '—' : int(p.maxNodes)} nodes).</p>`;
  const perNode = `<p>Each node takes ${plural(p.perNode.addresses, 'address', 'addresses')} (${int(p.podsPerNode)} pods, ${esc(p.input.mode)}${p.perNode.warmAddresses !== undefined ? `, ${int(p.perNode.warmAddresses)} of them the warm pool` : ''}).</p>`;
  const chart = subnetChart(p.subnets.map((s) => ({ label: label(s), demand: s.demand, usable: s.usable, runsOut: s.runsOut })));
  const rows = p.subnets
    .map((s) => `<tr><th scope="row">${esc(s.subnet.name ?? s.subnet.cidr)}</th><td>${esc(s.subnet.zone ?? '')}</td><td class="mono">${esc(s.subnet.cidr)}</td><td>${esc(s.role)}</td><td class="num">${int(s.nodes)}</td><td class="num">${int(s.demand)}</td><td class="num">${int(s.usable)}</td><td class="num">${int(s.free)}</td><td class="num">${s.maxNodes === null ? '—' : int(s.maxNodes)}</td><td>${s.runsOut ? '<span class="worse">runs out</span>' : 'fits'}${s.fragmentationRisk && s.fragmentationRisk !== 'none' ? `; fragmentation risk ${esc(s.fragmentationRisk)}` : ''}</td></tr>`)
    .join('\n');
  const table = `<div class="scroll"><table><caption class="muted">Addresses per subnet</caption><thead><tr><th scope="col">Subnet</th><th scope="col">Zone</th><th scope="col">CIDR</th><th scope="col">Holds</th><th scope="col" class="num">Nodes</th><th scope="col" class="num">Addresses needed</th><th scope="col" class="num">Usable</th><th scope="col" class="num">Free</th><th scope="col" class="num">Max nodes</th><th scope="col">Verdict</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
  const alternatives = p.alternatives.length > 0 ? `<h3>Ways to make room</h3><ul>${p.alternatives.map((a) => `<li>${esc(a.title)}: <code>${esc(a.change)}</code> — ${a.fits ? 'fits' : 'still short'} (up to ${a.maxNodes === null ? '—' : int(a.maxNodes)} nodes)</li>`).join('')}</ul>` : '';
  const notes = doc.notes && doc.notes.length > 0 ? `<ul class="muted">${doc.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<section id="ips" aria-labelledby="ips-h"><h2 id="ips-h">Pod IP addresses</h2>${verdict}${perNode}${chart}${table}${alternatives}${notes}</section>`;
}
