/**
 * Renders the Markdown that keelson itself writes (the upgrade runbook): headings, paragraphs, nested lists with
 * task boxes, pipe tables, **bold** and `code`. Text is escaped before any markup is added, so nothing in the
 * input can become HTML.
 */
import { esc } from './escape.js';

function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function cells(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
}

interface ListNode {
  readonly html: string;
  readonly lists: List[];
}
interface List {
  readonly depth: number;
  readonly ordered: boolean;
  readonly items: ListNode[];
}

/** Items with indentation depths into lists of lists: a deeper item opens a list inside the item before it. */
function nest(items: readonly { depth: number; ordered: boolean; html: string }[]): List {
  const root: List = { depth: items[0]?.depth ?? 0, ordered: items[0]?.ordered ?? false, items: [] };
  const stack: List[] = [root];
  for (const it of items) {
    while (stack.length > 1 && (stack[stack.length - 1] as List).depth > it.depth) stack.pop();
    const top = stack[stack.length - 1] as List;
    const parent = top.items[top.items.length - 1];
    if (it.depth > top.depth && parent) {
      const list: List = { depth: it.depth, ordered: it.ordered, items: [] };
      parent.lists.push(list);
      stack.push(list);
    }
    (stack[stack.length - 1] as List).items.push({ html: it.html, lists: [] });
  }
  return root;
}

function renderList(list: List): string {
  const tag = list.ordered ? 'ol' : 'ul';
  return `<${tag}>${list.items.map((n) => `<li>${n.html}${n.lists.map(renderList).join('')}</li>`).join('')}</${tag}>`;
}

export function markdownLite(markdown: string, headingOffset = 2): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length > 0) out.push(`<p>${para.map(inline).join('<br>')}</p>`);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, (heading[1] as string).length + headingOffset);
      out.push(`<h${level}>${inline(heading[2] as string)}</h${level}>`);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i] as string)) rows.push(lines[i++] as string);
      i--;
      const [head, sep, ...body] = rows;
      const hasHead = sep !== undefined && /^\s*\|?\s*:?-{3,}/.test(sep);
      const headCells = hasHead && head ? `<thead><tr>${cells(head).map((c) => `<th scope="col">${inline(c)}</th>`).join('')}</tr></thead>` : '';
      const bodyRows = (hasHead ? body : rows).map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
      out.push(`<div class="scroll"><table>${headCells}<tbody>${bodyRows}</tbody></table></div>`);
      continue;
    }
    if (/^\s*[-*]\s+/.test(line) || /^\s*\d+\.\s+/.test(line)) {
      flush();
      // A list, nested by indentation; continuation lines (indented text) join the item before them.
      const items: { depth: number; ordered: boolean; html: string }[] = [];
      while (i < lines.length && (lines[i] as string).trim() !== '' && !/^#{1,6}\s/.test(lines[i] as string)) {
        const l = lines[i] as string;
        const m = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(l);
        if (m) {
          let text = m[3] as string;
          let box = '';
          const task = /^\[([ xX])\]\s+(.*)$/.exec(text);
          if (task) {
            box = task[1] === ' ' ? '<span aria-hidden="true">☐</span><span class="sr-only">To do:</span> ' : '<span aria-hidden="true">☑</span><span class="sr-only">Done:</span> ';
            text = task[2] as string;
          }
          items.push({ depth: Math.floor((m[1] as string).length / 2), ordered: /\d/.test(m[2] as string), html: box + inline(text.replace(/\s+$/, '')) });
        } else if (items.length > 0) {
          const last = items[items.length - 1] as { html: string };
          last.html += `<br>${inline(l.trim())}`;
        }
        i++;
      }
      i--;
      out.push(renderList(nest(items)));
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.replace(/\s+$/, ''));
  }
  flush();
  return out.join('\n');
}
