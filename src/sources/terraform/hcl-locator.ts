/**
 * Positions for HCL: hcl2json returns JSON without any, so this scans the source text into a tree of blocks,
 * attributes and object/tuple items keyed the way hcl2json keys its JSON (`resource.aws_eks_cluster.this[0].vpc_config[0]`).
 * It relies on hcl2json having accepted the text already, so it only has to be right for valid HCL.
 */
import type { PathKey } from '../location.js';

export interface HclPosition {
  readonly line: number;
  readonly column: number;
}

interface Node {
  readonly pos: HclPosition;
  readonly children: Map<PathKey, Node>;
  /** The n-th block of its type and labels (hcl2json's list index), as opposed to an element of a tuple. */
  readonly block?: boolean;
}

const IDENT = /[A-Za-z0-9_-]/;

class Scanner {
  i = 0;
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.lineStarts.push(k + 1);
  }

  pos(offset: number): HclPosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  get c(): string {
    return this.text[this.i] ?? '';
  }

  get done(): boolean {
    return this.i >= this.text.length;
  }

  /** Skips blanks and comments; newlines too unless `keepNewlines` (they end an attribute in a body or object). */
  skipSpace(keepNewlines: boolean): void {
    while (!this.done) {
      const c = this.c;
      if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && !keepNewlines)) this.i++;
      else if (c === '#' || (c === '/' && this.text[this.i + 1] === '/')) {
        while (!this.done && this.c !== '\n') this.i++;
      } else if (c === '/' && this.text[this.i + 1] === '*') {
        const end = this.text.indexOf('*/', this.i + 2);
        this.i = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  ident(): string {
    const start = this.i;
    while (!this.done && IDENT.test(this.c)) this.i++;
    return this.text.slice(start, this.i);
  }

  /** A quoted string, including `${...}` interpolations that may themselves hold strings and braces. */
  string(): string {
    this.i++; // opening quote
    let out = '';
    while (!this.done && this.c !== '"') {
      if (this.c === '\\') {
        out += this.text[this.i + 1] ?? '';
        this.i += 2;
      } else if ((this.c === '$' || this.c === '%') && this.text[this.i + 1] === '{') {
        this.i++;
        this.balanced();
      } else {
        out += this.c;
        this.i++;
      }
    }
    this.i++; // closing quote
    return out;
  }

  heredoc(): void {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.text.slice(this.i, this.i + 200));
    if (!m) {
      this.i += 2;
      return;
    }
    const marker = m[1]!;
    this.i += m[0].length;
    while (!this.done) {
      const eol = this.text.indexOf('\n', this.i);
      const line = this.text.slice(this.i, eol < 0 ? this.text.length : eol);
      this.i = eol < 0 ? this.text.length : eol + 1;
      if (line.trim() === marker) {
        if (eol >= 0) this.i = eol; // leave the newline: it ends the attribute
        return;
      }
    }
  }

  /** Skips a bracketed group starting at `(`, `[` or `{`; newlines inside do not end anything. */
  balanced(): void {
    const close = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[this.c]!;
    this.i++;
    while (!this.done) {
      this.skipSpace(false);
      const c = this.c;
      if (c === close) {
        this.i++;
        return;
      }
      this.token();
    }
  }

  /** One token of an expression, skipping strings, heredocs and bracketed groups whole. */
  token(): void {
    const c = this.c;
    if (c === '"') this.string();
    else if (c === '<' && this.text[this.i + 1] === '<') this.heredoc();
    else if (c === '(' || c === '[' || c === '{') this.balanced();
    else this.i++;
  }

  /** The rest of an expression up to (not including) a stop character at depth 0. */
  skipExpression(stops: string): void {
    while (!this.done) {
      this.skipSpace(stops.includes('\n'));
      if (this.done || stops.includes(this.c)) return;
      this.token();
    }
  }

  /** An attribute value: objects and tuples get children; anything else is skipped. */
  value(stops: string): Map<PathKey, Node> {
    this.skipSpace(true);
    let children = new Map<PathKey, Node>();
    const startsFor = /^[[{]\s*for\s/.test(this.text.slice(this.i, this.i + 8));
    if (this.c === '{' && !startsFor) children = this.object();
    else if (this.c === '[' && !startsFor) children = this.tuple();
    this.skipExpression(stops);
    return children;
  }

  /** The items of an object or tuple up to its closing bracket, the opening one under the cursor; commas separate them. */
  private items(close: string, item: () => void): void {
    this.i++;
    for (;;) {
      this.skipSpace(false);
      if (this.done) return;
      if (this.c === close) {
        this.i++;
        return;
      }
      if (this.c === ',') this.i++;
      else item();
    }
  }

  object(): Map<PathKey, Node> {
    const out = new Map<PathKey, Node>();
    this.items('}', () => {
      const at = this.i;
      let key: string | undefined;
      if (this.c === '"') key = this.string();
      else if (IDENT.test(this.c)) key = this.ident();
      else this.skipExpression('=:\n,}');
      this.skipSpace(true);
      if (this.c === '=' || this.c === ':') {
        this.i++;
        const children = this.value(',\n}');
        if (key !== undefined && !out.has(key)) out.set(key, { pos: this.pos(at), children });
      } else {
        this.skipExpression('\n,}');
      }
    });
    return out;
  }

  tuple(): Map<PathKey, Node> {
    const out = new Map<PathKey, Node>();
    let index = 0;
    this.items(']', () => {
      const at = this.i;
      // Inside brackets newlines do not end an element.
      const children = this.value(',]');
      out.set(index++, { pos: this.pos(at), children });
    });
    return out;
  }

  /** A body: attributes and blocks until `}` (or the end of the file). */
  body(into: Map<PathKey, Node>): void {
    const counts = new Map<string, number>();
    for (;;) {
      this.skipSpace(false);
      if (this.done) return;
      if (this.c === '}') {
        this.i++;
        return;
      }
      const at = this.i;
      if (!IDENT.test(this.c)) {
        this.skipExpression('\n');
        continue;
      }
      const name = this.ident();
      this.skipSpace(true);
      if (this.c === '=' && this.text[this.i + 1] !== '=') {
        this.i++;
        const children = this.value('\n}');
        if (!into.has(name)) into.set(name, { pos: this.pos(at), children });
        continue;
      }
      const labels: string[] = [];
      while (!this.done && this.c !== '{' && this.c !== '\n') {
        if (this.c === '"') labels.push(this.string());
        else if (IDENT.test(this.c)) labels.push(this.ident());
        else this.i++;
        this.skipSpace(true);
      }
      if (this.c !== '{') continue;
      const pos = this.pos(at);
      // hcl2json nests each label and then lists the blocks that share type and labels.
      const keys: PathKey[] = [name, ...labels];
      const sig = keys.join('\u0000');
      const index = counts.get(sig) ?? 0;
      counts.set(sig, index + 1);
      let level = into;
      const path = [...keys, index];
      path.forEach((k, i) => {
        let n = level.get(k);
        if (!n) {
          n = { pos, children: new Map(), ...(i === path.length - 1 ? { block: true } : {}) };
          level.set(k, n);
        }
        level = n.children;
      });
      this.i++;
      this.body(level);
    }
  }
}

function childOf(node: Node, key: PathKey): Node | undefined {
  return node.children.get(key) ?? node.children.get(typeof key === 'number' ? key : Number.isInteger(Number(key)) ? Number(key) : key);
}

/** Where a value of an hcl2json path is, and how a Terraform user names it. */
export interface HclIndex {
  /** The position of `path`, or of its nearest existing parent. */
  locate(path: readonly PathKey[]): HclPosition;
  /**
   * The path as Terraform addresses it: `aws_eks_cluster.this.vpc_config.endpoint_public_access` for hcl2json's
   * `resource.aws_eks_cluster.this[0].vpc_config[0].endpoint_public_access`, `module.eks.cluster_version`,
   * `var.azs`, `local.cidr`. A second block of the same type keeps its index (`vpc_config[1]`); tuple elements too.
   */
  address(path: readonly PathKey[]): string;
}

const ROOTS: Record<string, { readonly prefix: string; readonly labels: number }> = {
  resource: { prefix: '', labels: 2 },
  data: { prefix: 'data.', labels: 2 },
  module: { prefix: 'module.', labels: 1 },
  variable: { prefix: 'var.', labels: 1 },
  output: { prefix: 'output.', labels: 1 },
  provider: { prefix: 'provider.', labels: 1 },
  locals: { prefix: 'local', labels: 0 },
};

export function hclIndex(text: string): HclIndex {
  let root: Node | undefined;
  const tree = (): Node => {
    if (!root) {
      const s = new Scanner(text);
      const children = new Map<PathKey, Node>();
      s.body(children);
      root = { pos: { line: 1, column: 1 }, children };
    }
    return root;
  };
  return {
    locate(path) {
      let node = tree();
      for (const key of path) {
        // A path written as for a manifest (`metadata.annotations`) skips the index of a block written once.
        const first = node.children.get(0);
        const next = childOf(node, key) ?? (first?.block ? childOf(first, key) : undefined);
        if (!next) break;
        node = next;
      }
      return node.pos;
    },
    address(path) {
      let node: Node | undefined = tree();
      let out = '';
      const root = typeof path[0] === 'string' ? ROOTS[path[0]] : undefined;
      let i = 0;
      if (root) {
        // The block type, its labels and hcl2json's index of the block become one Terraform address.
        const labels = path.slice(1, 1 + root.labels).map(String);
        out = root.prefix + labels.join('.');
        for (; i < 2 + root.labels && i < path.length; i++) node = node ? childOf(node, path[i]!) : undefined;
      }
      for (; i < path.length; i++) {
        const key = path[i]!;
        const next = node ? childOf(node, key) : undefined;
        if (typeof key === 'number' || (next?.block && Number.isInteger(Number(key)))) {
          // The first (usually only) block of a type is addressed by its name alone.
          if (!(next?.block && Number(key) === 0)) out += `[${key}]`;
        } else if (/^[A-Za-z_][\w-]*$/.test(key)) out += out === '' ? key : `.${key}`;
        else out += `[${JSON.stringify(key)}]`;
        node = next;
      }
      return out;
    },
  };
}
