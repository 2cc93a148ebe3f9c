import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/registry.js';
import { capacityDoc, ipsDoc, largeResult, sampleWithSuppression, toDoc, upgradeDoc } from '../../../test/report/report-inputs.js';
import { context, sampleResult } from '../report.fixtures.js';
import { formatHtml } from './format-html.js';
import type { CheckDoc } from './inputs.js';
import { renderReport } from './render-report.js';

const between = (html: string, open: string, close: string): string[] => {
  const out: string[] = [];
  let i = html.indexOf(open);
  while (i >= 0) {
    const start = i + open.length;
    const end = html.indexOf(close, start);
    if (end < 0) throw new Error(`no ${close} after ${open}`);
    out.push(html.slice(start, end));
    i = html.indexOf(open, end);
  }
  return out;
};

describe('renderReport', () => {
  it('gives the same bytes for the same input, and the same page as keelson check --format html', () => {
    // GIVEN one check result WHEN rendered twice, and through the check reporter
    const doc = toDoc(sampleWithSuppression());
    const a = renderReport({ check: doc, capacity: capacityDoc(), ips: ipsDoc(), upgrade: upgradeDoc() }, RULES);
    const b = renderReport({ check: toDoc(sampleWithSuppression()), capacity: capacityDoc(), ips: ipsDoc(), upgrade: upgradeDoc() }, RULES);
    // THEN identical bytes, with no clock in them
    expect(a).toBe(b);
    expect(a).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:/);
    expect(formatHtml(sampleWithSuppression(), context)).toBe(renderReport({ check: doc }, RULES));
  });

  it('allows exactly its own inline style and script, by hash, and nothing from the network', () => {
    const html = renderReport({ check: toDoc(sampleResult()) }, RULES);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const hash = (t: string): string => `'sha256-${createHash('sha256').update(t, 'utf8').digest('base64')}'`;
    const [style] = between(html, '<style>', '</style>');
    const [script] = between(html, '<script>', '</script>');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(style ?? '')}`);
    expect(csp).toContain(`script-src ${hash(script ?? '')}`);
    // No URL the browser would fetch on load: no src=, no stylesheet links, no url() in CSS.
    expect(html).not.toMatch(/\ssrc=|<link\b|url\(|@import/i);
  });

  it('escapes every input string, so a finding cannot add markup or script', () => {
    // GIVEN a result whose text fields carry markup
    const doc = toDoc(sampleResult());
    const evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">';
    const f0 = doc.findings[0] as CheckDoc['findings'][number];
    const hostile: CheckDoc = {
      ...doc,
      findings: [{ ...f0, message: evil, fix: evil, id: `X"><b>`, location: { file: `"><svg onload=alert(3)>.yaml`, line: 1 } }, ...doc.findings.slice(1)],
      notices: [{ kind: 'syntax', message: evil, location: { file: 'a<b>.yaml' } }],
    };
    const html = renderReport({ check: hostile }, RULES);
    // THEN the only script is keelson's own, and the markup shows as text
    expect(between(html, '<script', '>')).toHaveLength(1);
    expect(html).not.toMatch(/<img|<svg onload|onerror="|<b>/);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(3)&gt;.yaml');
  });

  it('shows the checklist, the open findings by area with rationale, and the suppressed ones with their reason and expiry', () => {
    // GIVEN a result with one suppressed finding that records its expiry
    const doc = toDoc(sampleWithSuppression());
    const withExpiry: CheckDoc = { ...doc, findings: doc.findings.map((f) => (f.suppressed ? { ...f, suppressed: { ...f.suppressed, expires: '2099-12-31' } } : f)) };
    const html = renderReport({ check: withExpiry }, RULES);
    // THEN 20 checklist rows with the JSON's statuses
    const rows = [...html.matchAll(/<tr data-status="([a-z-]+)" id="cl-(\d+)">/g)].map((m) => [Number(m[2]), m[1]]);
    expect(rows).toEqual(doc.checklist.map((c) => [c.n, c.status]));
    // AND every open finding once, with its severity, outcome and area, inside its area's section
    const open = doc.findings.filter((f) => !f.suppressed);
    const items = [...html.matchAll(/<li class="f" id="f-(\d+)" data-sev="(\w+)" data-out="([\w-]+)"/g)];
    expect(items).toHaveLength(open.length);
    for (const m of items) {
      const f = doc.findings[Number(m[1])];
      expect([m[2], m[3]]).toEqual([f?.severity, f?.outcome]);
      // Inside its area's section: the last section opened before it.
      const sections = [...html.slice(0, m.index).matchAll(/<section class="area-group" id="area-[\w-]+" data-area="([\w-]+)"/g)];
      expect(sections.at(-1)?.[1]).toBe(f?.area);
    }
    expect(html).toContain(RULES.find((r) => r.id === 'NET-DEFAULT-DENY')?.rationale.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    // AND the suppressed finding in its own table with reason and expiry, not among the open ones
    const suppressed = between(html, '<section id="suppressed"', '</section>')[0] ?? '';
    expect(suppressed).toContain('SEC-IMAGE-TAG[latest]');
    expect(suppressed).toContain('the vendor image has no other tag yet');
    expect(suppressed).toContain('2099-12-31');
    expect(between(html, '<section id="findings"', '<section id="suppressed"')[0]).not.toContain('SEC-IMAGE-TAG[latest]</code>');
  });

  it('puts the verdict, the count by severity and the worst failing rules first at the top', () => {
    const doc = toDoc(sampleResult());
    const html = renderReport({ check: doc, capacity: capacityDoc() }, RULES);
    const summary = between(html, '<section id="summary"', '</section>')[0] ?? '';
    expect(summary).toContain('<strong>Not ready.</strong>');
    const failing = doc.findings.filter((f) => f.outcome === 'fail').length;
    expect(summary).toContain(`${failing} failing findings`);
    // Fix first: five failing rules, most severe first; among the most severe, the one with most findings leads.
    const fixFirst = [...(between(summary, '<ol class="fixfirst"', '</ol>')[0] ?? '').matchAll(/<code>([A-Z0-9-]+)<\/code>/g)].map((m) => m[1] as string);
    const rank = (id: string): number => ['info', 'low', 'medium', 'high', 'critical'].indexOf(doc.findings.find((f) => f.ruleId === id)?.severity ?? '');
    const failCount = (id: string): number => doc.findings.filter((f) => f.ruleId === id && f.outcome === 'fail').length;
    expect(fixFirst).toHaveLength(5);
    expect(fixFirst.map(rank)).toEqual([...fixFirst.map(rank)].sort((a, b) => b - a));
    const worst = [...new Set(doc.findings.filter((f) => f.outcome === 'fail').map((f) => f.ruleId))].filter((id) => rank(id) === rank(fixFirst[0] as string));
    expect(failCount(fixFirst[0] as string)).toBe(Math.max(...worst.map(failCount)));
    expect(rank(fixFirst[0] as string)).toBe(Math.max(...doc.findings.filter((f) => f.outcome === 'fail').map((f) => rank(f.ruleId))));
    // AND what it costs: the cheapest scenario's monthly figure from the plan
    const cheapest = Math.min(...capacityDoc().scenarios.map((s) => s.figures.best.usdPerMonth));
    expect(summary).toContain(`$${Math.round(cheapest)} / month`);
  });

  it('says ready when nothing fails, and lists what it could not decide', () => {
    const doc = toDoc(sampleResult());
    const clean: CheckDoc = { ...doc, findings: doc.findings.filter((f) => f.outcome === 'not-evaluated'), checklist: doc.checklist.map((c) => (c.status === 'fail' ? { ...c, status: 'not-evaluated' } : c)) };
    const html = renderReport({ check: clean }, RULES);
    expect(html).toContain('<strong>No failing findings.</strong>');
    expect(html).toContain('Nothing: no rule fails on these inputs.');
    expect(between(html, 'Check next', '</ul>')[0]).toContain('CP-SECRETS-KMS');
  });

  it('adds the plan sections only for the plans given', () => {
    const doc = toDoc(sampleResult());
    const bare = renderReport({ check: doc }, RULES);
    expect(bare).not.toMatch(/id="(capacity|ips|upgrade|compare)"/);
    const full = renderReport({ check: doc, capacity: capacityDoc(), ips: ipsDoc(), upgrade: upgradeDoc() }, RULES);
    for (const id of ['capacity', 'ips', 'upgrade']) expect(full).toContain(`<section id="${id}"`);
    // The upgrade blocker reaches the verdict and the runbook is rendered, not shown as Markdown.
    expect(between(full, '<section id="summary"', '</section>')[0]).toContain('1 upgrade blocker for 1.36');
    expect(full).toContain('<details class="md" id="runbook">');
    expect(full).not.toContain('## Pre-upgrade checklist');
  });

  it('offers folders instead of thousands of files in the source filter, and collapses long rule groups', () => {
    const html = renderReport({ check: toDoc(largeResult(2_000)) }, RULES);
    const legend = /<legend>(Source [a-z]+)<\/legend><div(?: class="many")?>([\s\S]*?)<\/div><\/fieldset>/.exec(html);
    expect(legend?.[1]).toBe('Source folder');
    expect(legend?.[2]).toContain('>k8s/ <span class="muted">(1,960)</span>');
    // Each rule shows its first 20 findings; the rest wait behind a closed "show more".
    const rule = between(html, '<div class="rule" id="rule-cp-endpoint"', '</div>')[0] ?? '';
    const shown = (rule.split('<details class="more">')[0] ?? '').match(/<li class="f"/g)?.length;
    expect(shown).toBe(20);
    expect(rule).toMatch(/<details class="more"><summary>Show \d+ more findings of CP-ENDPOINT<\/summary>/);
  });

  it('renders 10,000 findings with one anchor and one filterable item each', () => {
    const doc = toDoc(largeResult(10_000));
    const html = renderReport({ check: doc }, RULES);
    const ids = [...html.matchAll(/<li class="f" id="f-(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(doc.findings.filter((f) => !f.suppressed).length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(between(html, '<section id="suppressed"', '</section>')[0]?.match(/<tr><td>/g)).toHaveLength(200);
  });
});
