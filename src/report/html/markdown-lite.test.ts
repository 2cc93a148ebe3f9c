import { describe, expect, it } from 'vitest';
import { upgradeDoc } from '../../../test/report/report-inputs.js';
import { markdownLite } from './markdown-lite.js';

describe('markdownLite', () => {
  it('renders headings, nested task lists, tables, bold and code', () => {
    const html = markdownLite('# Title\n\nSome **bold** and `code`.\n\n- [x] done\n  - blocker: `a.yaml:3` pdb\n- [ ] to do\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', 2);
    expect(html).toBe(
      '<h3>Title</h3>\n<p>Some <strong>bold</strong> and <code>code</code>.</p>\n' +
        '<ul><li><span aria-hidden="true">☑</span><span class="sr-only">Done:</span> done<ul><li>blocker: <code>a.yaml:3</code> pdb</li></ul></li><li><span aria-hidden="true">☐</span><span class="sr-only">To do:</span> to do</li></ul>\n' +
        '<div class="scroll"><table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>',
    );
  });

  it('escapes before formatting, so input markup stays text', () => {
    expect(markdownLite('- **<img src=x onerror=alert(1)>** `<script>`')).toBe('<ul><li><strong>&lt;img src=x onerror=alert(1)&gt;</strong> <code>&lt;script&gt;</code></li></ul>');
  });

  it('renders the runbook keelson plan upgrade writes with no Markdown left over', () => {
    const runbook = upgradeDoc().runbook ?? '';
    const html = markdownLite(runbook);
    expect(html).toContain('<h3>Upgrade runbook:');
    expect(html).toMatch(/<li><span aria-hidden="true">☐<\/span>/);
    expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/^#+ |\*\*|^\s*- \[/m);
  });
});
