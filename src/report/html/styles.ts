/**
 * The page's one stylesheet. Colours are tokens, so the light and dark schemes are two value sets of the same
 * names, and the contrast test can check every text/background pair the page uses.
 */

export interface Palette {
  readonly bg: string;
  readonly surface: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly link: string;
  readonly focus: string;
  /** Badge backgrounds; badge text is `badgeText` on all of them. */
  readonly critical: string;
  readonly high: string;
  readonly medium: string;
  readonly low: string;
  readonly info: string;
  readonly pass: string;
  readonly fail: string;
  readonly notEvaluated: string;
  readonly attest: string;
  readonly badgeText: string;
  /** Chart fills (large areas next to text labels, so 3:1 against the background is the bar). */
  readonly bar1: string;
  readonly bar2: string;
  readonly bound: string;
}

export const LIGHT: Palette = {
  bg: '#ffffff',
  surface: '#f3f4f6',
  text: '#111827',
  muted: '#4b5563',
  border: '#6b7280',
  link: '#1d4ed8',
  focus: '#1d4ed8',
  critical: '#7f1d1d',
  high: '#b91c1c',
  medium: '#9a3412',
  low: '#1e40af',
  info: '#4b5563',
  pass: '#166534',
  fail: '#b91c1c',
  notEvaluated: '#4b5563',
  attest: '#6b21a8',
  badgeText: '#ffffff',
  bar1: '#6b7280',
  bar2: '#1d4ed8',
  bound: '#b91c1c',
};

export const DARK: Palette = {
  bg: '#111827',
  surface: '#1f2937',
  text: '#f3f4f6',
  muted: '#d1d5db',
  border: '#6b7280',
  link: '#93c5fd',
  focus: '#fbbf24',
  critical: '#fecaca',
  high: '#fca5a5',
  medium: '#fdba74',
  low: '#93c5fd',
  info: '#d1d5db',
  pass: '#86efac',
  fail: '#fca5a5',
  notEvaluated: '#d1d5db',
  attest: '#d8b4fe',
  badgeText: '#111827',
  bar1: '#9ca3af',
  bar2: '#60a5fa',
  bound: '#fca5a5',
};

const vars = (p: Palette): string =>
  `--bg:${p.bg};--surface:${p.surface};--text:${p.text};--muted:${p.muted};--border:${p.border};--link:${p.link};--focus:${p.focus};` +
  `--critical:${p.critical};--high:${p.high};--medium:${p.medium};--low:${p.low};--info:${p.info};--pass:${p.pass};--fail:${p.fail};` +
  `--not-evaluated:${p.notEvaluated};--attest:${p.attest};--badge-text:${p.badgeText};--bar1:${p.bar1};--bar2:${p.bar2};--bound:${p.bound};`;

export const STYLES = `
:root{color-scheme:light dark;${vars(LIGHT)}}
@media (prefers-color-scheme:dark){:root{${vars(DARK)}}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--link)}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-9999px;top:0;background:var(--bg);padding:.5em 1em}
.skip:focus{left:1em;z-index:10}
header.page,main,footer.page{max-width:72rem;margin:0 auto;padding:0 1.25rem}
header.page{padding-top:1.25rem}
h1{font-size:1.6rem;margin:.2em 0}
h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-top:.6rem;border-top:1px solid var(--border)}
h3{font-size:1.1rem;margin:1.2rem 0 .4rem}
h4{font-size:1rem;margin:.8rem 0 .3rem}
.muted{color:var(--muted)}
nav.toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.6rem 0}
.verdict{border-left:6px solid var(--border);background:var(--surface);padding:.8rem 1rem;margin:1rem 0;font-size:1.1rem}
.verdict.bad{border-left-color:var(--fail)}
.verdict.good{border-left-color:var(--pass)}
.verdict.unknown{border-left-color:var(--not-evaluated)}
.verdict p{margin:.2rem 0}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem;margin:1rem 0}
.tile{background:var(--surface);border:1px solid var(--border);border-radius:6px;padding:.7rem .9rem}
.tile h3{margin:0 0 .2rem;font-size:.95rem;color:var(--muted);font-weight:600}
.tile .big{font-size:1.5rem;font-weight:700;margin:0}
.tile p{margin:.2rem 0}
.badge{display:inline-block;min-width:4.2em;text-align:center;padding:0 .45em;border-radius:4px;font-size:.8rem;font-weight:700;line-height:1.6;color:var(--badge-text);background:var(--info);white-space:nowrap;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.st-pass{background:var(--pass)}.st-fail{background:var(--fail)}.st-not-evaluated,.st-not-implemented{background:var(--not-evaluated)}.st-attest{background:var(--attest)}
.out-not-evaluated{background:var(--not-evaluated)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--border)}
th{font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.fixfirst li{margin:.4rem 0}
.toolbar{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}
button{font:inherit;color:var(--text);background:var(--surface);border:1px solid var(--border);border-radius:4px;padding:.25rem .7rem;cursor:pointer}
button[aria-pressed="true"]{background:var(--text);color:var(--bg)}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.6rem;background:var(--surface);border:1px solid var(--border);border-radius:6px;padding:.6rem .8rem}
.filters fieldset{border:0;margin:0;padding:0;min-width:0}
.filters legend{font-weight:600;padding:0}
.filters label{display:flex;gap:.4rem;align-items:baseline;overflow-wrap:anywhere}
.filters .many{max-height:9.5rem;overflow:auto}
.filters input[type=search]{font:inherit;width:100%;padding:.25rem .4rem;color:var(--text);background:var(--bg);border:1px solid var(--border);border-radius:4px}
.filters .actions{display:flex;gap:.4rem;align-items:end;flex-wrap:wrap}
#f-status{font-weight:600;margin:.6rem 0}
.area-group{margin-top:1rem}
.rule{border:1px solid var(--border);border-radius:6px;padding:.2rem .9rem .5rem;margin:.7rem 0}
.rule>h4{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
.rule .why{margin:.2rem 0}
ul.findings{list-style:none;padding:0;margin:.4rem 0}
li.f{border-top:1px solid var(--border);padding:.4rem 0;content-visibility:auto;contain-intrinsic-size:auto 5rem}
li.f p{margin:.15rem 0}
.loc{color:var(--muted)}
details>summary{cursor:pointer}
details.more>summary{margin:.3rem 0;color:var(--link)}
.scorecard td:first-child{width:2.5rem}
.scorecard details ul{margin:.3rem 0;padding-left:1.2rem}
.chart{width:100%;max-width:48rem;height:auto;display:block;margin:.5rem 0}
.chart text{fill:var(--text);font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.chart .axis{stroke:var(--border)}
.chart .grid{stroke:var(--border);stroke-dasharray:2 3}
.chart .bar1{fill:var(--bar1)}
.chart .bar2{fill:var(--bar2)}
.chart .bound{stroke:var(--bound);stroke-width:2.5;stroke-dasharray:6 4}
.chart .used{fill:var(--bar2)}
.chart .used.out{fill:var(--fail)}
.chart .cap{fill:none;stroke:var(--border)}
.better{color:var(--pass);font-weight:600}
.worse{color:var(--fail);font-weight:600}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.md h3{font-size:1.05rem}
footer.page{margin:2.5rem auto 1.5rem;color:var(--muted);font-size:.9rem}
@media (max-width:40rem){.side{grid-template-columns:1fr}}
@media print{
  :root{${vars(LIGHT)}}
  body{font-size:11pt}
  .skip,nav.toc,.filters,.toolbar,#f-status .hint,button{display:none!important}
  li.f{content-visibility:visible}
  .rule,.tile,tr{break-inside:avoid}
  h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
}
`;
