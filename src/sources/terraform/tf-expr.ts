/**
 * A small evaluator for the Terraform expressions hcl2json leaves as `${...}` strings: references to variables,
 * locals, `count.index` and `each.key/value`, the functions a network or IAM definition uses (cidrsubnet, element,
 * slice, length, jsonencode, merge ...), operators, conditionals and `for` expressions. What only plan or apply can
 * know (a resource's ID, a data source) stays an Unknown carrying the reason, or a reference the readers can follow;
 * it is never guessed.
 */
import { isRecord } from '../detect.js';

/** A value known only at plan or apply time, with the reason rules report. */
export class Unknown {
  constructor(readonly reason: string) {}
}

/** A reference to a resource, data source or module output: followed by the readers, never a literal value. */
export class TfRef {
  constructor(
    /** `aws_subnet.private`, `data.aws_iam_policy_document.trust`, `module.vpc`. */
    readonly ref: string,
    readonly index: number | string | undefined,
    readonly splat: boolean,
    readonly attr: string | undefined,
    readonly text: string,
  ) {}
}

/**
 * `data.aws_availability_zones.X.names`: the region's zones in their fixed order. Zone i is written `#i`, as the
 * CloudFormation reader writes `Fn::Select [i, Fn::GetAZs]`, so distinct indices are distinct zones.
 */
export class ZoneList {
  constructor(
    readonly from = 0,
    readonly to: number | undefined = undefined,
  ) {}
}

export interface EvalEnv {
  variable(name: string): unknown;
  local(name: string): unknown;
  readonly count?: number;
  readonly each?: { readonly key: unknown; readonly value: unknown };
  /** Inside a template, render an unknown part as `\u0000text\u0000` instead of making the whole string unknown. */
  readonly placeholders?: boolean;
  /** The text of a file relative to the module directory (file, templatefile), or why it is not read. */
  readFile?(path: string): string | Unknown;
}

/** The marker around a placeholder (EvalEnv.placeholders): a character no Terraform string of a policy holds. */
export const MARK = '\u0000';
// eslint-disable-next-line no-control-regex -- the placeholder marker is a control character on purpose
export const PLACEHOLDER = /\u0000([^\u0000]*)\u0000/g;

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'tpl'; parts: (string | Node)[]; text: string }
  | { k: 'name'; name: string }
  | { k: 'get'; obj: Node; attr: string }
  | { k: 'idx'; obj: Node; index: Node }
  | { k: 'splat'; obj: Node }
  | { k: 'call'; fn: string; args: Node[]; expand: boolean }
  | { k: 'tuple'; items: Node[] }
  | { k: 'object'; entries: [Node, Node][] }
  | { k: 'for'; tuple: boolean; keyVar: string | undefined; valVar: string; coll: Node; keyExpr: Node | undefined; valExpr: Node; cond: Node | undefined }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'un'; op: string; a: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node };

class Unsupported extends Error {}

type Tok = { t: 'num'; v: number } | { t: 'str'; parts: (string | Node)[]; text: string } | { t: 'id'; v: string } | { t: 'p'; v: string } | { t: 'eof' };

const PUNCT = ['==', '!=', '>=', '<=', '&&', '||', '=>', '...', '(', ')', '[', ']', '{', '}', ',', '.', '?', ':', '=', '>', '<', '+', '-', '*', '/', '%', '!'];

class Lexer {
  i = 0;
  constructor(readonly s: string) {}

  skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/')) while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else if (c === '/' && this.s[this.i + 1] === '*') {
        const end = this.s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? this.s.length : end + 2;
      } else return;
    }
  }

  next(): Tok {
    this.skip();
    if (this.i >= this.s.length) return { t: 'eof' };
    const rest = this.s.slice(this.i);
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { t: 'num', v: Number(num[0]) };
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (id) {
      this.i += id[0].length;
      return { t: 'id', v: id[0] };
    }
    if (rest[0] === '"') {
      const start = this.i;
      this.i++;
      const parts = templateParts(this.s, this, '"');
      return { t: 'str', parts, text: this.s.slice(start, this.i) };
    }
    if (rest.startsWith('<<')) throw new Unsupported('heredoc inside an expression');
    for (const p of PUNCT) {
      if (rest.startsWith(p)) {
        this.i += p.length;
        return { t: 'p', v: p };
      }
    }
    throw new Unsupported(`unexpected "${rest[0]}"`);
  }
}

/** The literal and interpolated parts of a template, up to `end` (a quote) or the end of the text. */
function templateParts(s: string, lx: { i: number }, end: string | undefined): (string | Node)[] {
  const parts: (string | Node)[] = [];
  let lit = '';
  while (lx.i < s.length) {
    const c = s[lx.i]!;
    if (end !== undefined && c === end) {
      lx.i++;
      break;
    }
    if (c === '\\' && end !== undefined) {
      const n = s[lx.i + 1] ?? '';
      lit += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      lx.i += 2;
    } else if ((c === '$' || c === '%') && s[lx.i + 1] === c && s[lx.i + 2] === '{') {
      lit += `${c}{`;
      lx.i += 3;
    } else if (c === '%' && s[lx.i + 1] === '{') {
      throw new Unsupported('template directive');
    } else if (c === '$' && s[lx.i + 1] === '{') {
      if (lit) parts.push(lit);
      lit = '';
      const start = lx.i + 2;
      const p = new Parser(s, start);
      const node = p.expr();
      p.expect('}');
      parts.push(node);
      lx.i = p.lx.i;
    } else {
      lit += c;
      lx.i++;
    }
  }
  if (lit) parts.push(lit);
  return parts;
}

class Parser {
  readonly lx: Lexer;
  private tok: Tok;
  private tokStart = 0;

  constructor(s: string, at = 0) {
    this.lx = new Lexer(s);
    this.lx.i = at;
    this.tok = this.read();
  }

  private read(): Tok {
    this.lx.skip();
    this.tokStart = this.lx.i;
    return this.lx.next();
  }

  private advance(): Tok {
    const t = this.tok;
    this.tok = this.read();
    return t;
  }

  private isP(v: string): boolean {
    return this.tok.t === 'p' && this.tok.v === v;
  }

  expect(v: string): void {
    if (!this.isP(v)) throw new Unsupported(`expected "${v}"`);
    // The closing brace of an interpolation ends this parser's input: leave the lexer right after it.
    this.lx.i = this.tokStart + v.length;
    this.tok = v === '}' ? { t: 'eof' } : this.read();
  }

  private eat(v: string): void {
    if (!this.isP(v)) throw new Unsupported(`expected "${v}"`);
    this.advance();
  }

  get done(): boolean {
    return this.tok.t === 'eof';
  }

  expr(): Node {
    const c = this.binary(0);
    if (this.isP('?')) {
      this.advance();
      const a = this.expr();
      this.eat(':');
      const b = this.expr();
      return { k: 'cond', c, a, b };
    }
    return c;
  }

  private static readonly PREC: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

  private binary(min: number): Node {
    let a = this.unary();
    for (;;) {
      const t = this.tok;
      const prec = t.t === 'p' ? Parser.PREC[t.v] : undefined;
      if (prec === undefined || prec <= min) return a;
      this.advance();
      const b = this.binary(prec);
      a = { k: 'bin', op: (t as { v: string }).v, a, b };
    }
  }

  private unary(): Node {
    if (this.isP('!') || this.isP('-')) {
      const op = (this.advance() as { v: string }).v;
      return { k: 'un', op, a: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isP('.')) {
        this.advance();
        const t = this.advance();
        if (t.t === 'id') node = { k: 'get', obj: node, attr: t.v };
        else if (t.t === 'num') node = { k: 'idx', obj: node, index: { k: 'lit', v: t.v } };
        else if (t.t === 'p' && t.v === '*') node = { k: 'splat', obj: node };
        else throw new Unsupported('bad attribute');
      } else if (this.isP('[')) {
        this.advance();
        if (this.isP('*')) {
          this.advance();
          this.eat(']');
          node = { k: 'splat', obj: node };
        } else {
          const index = this.expr();
          this.eat(']');
          node = { k: 'idx', obj: node, index };
        }
      } else return node;
    }
  }

  private primary(): Node {
    const t = this.advance();
    if (t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'str') return t.parts.length === 1 && typeof t.parts[0] === 'string' ? { k: 'lit', v: t.parts[0] } : { k: 'tpl', parts: t.parts, text: t.text };
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.isP('(')) {
        this.advance();
        const args: Node[] = [];
        let expand = false;
        while (!this.isP(')')) {
          args.push(this.expr());
          if (this.isP('...')) {
            this.advance();
            expand = true;
          }
          if (this.isP(',')) this.advance();
          else if (!this.isP(')')) throw new Unsupported('expected ")"');
        }
        this.advance();
        return { k: 'call', fn: t.v, args, expand };
      }
      return { k: 'name', name: t.v };
    }
    if (t.t === 'p' && t.v === '(') {
      const e = this.expr();
      this.eat(')');
      return e;
    }
    if (t.t === 'p' && t.v === '[') return this.tupleOrFor();
    if (t.t === 'p' && t.v === '{') return this.objectOrFor();
    throw new Unsupported('unexpected token');
  }

  private forHead(): { keyVar: string | undefined; valVar: string; coll: Node } {
    const a = this.advance();
    if (a.t !== 'id') throw new Unsupported('for variable');
    let keyVar: string | undefined;
    let valVar = a.v;
    if (this.isP(',')) {
      this.advance();
      const b = this.advance();
      if (b.t !== 'id') throw new Unsupported('for variable');
      keyVar = a.v;
      valVar = b.v;
    }
    const kw = this.advance();
    if (kw.t !== 'id' || kw.v !== 'in') throw new Unsupported('expected "in"');
    const coll = this.expr();
    this.eat(':');
    return { keyVar, valVar, coll };
  }

  private cond(): Node | undefined {
    if (this.tok.t === 'id' && this.tok.v === 'if') {
      this.advance();
      return this.expr();
    }
    return undefined;
  }

  private tupleOrFor(): Node {
    if (this.tok.t === 'id' && this.tok.v === 'for') {
      this.advance();
      const head = this.forHead();
      const valExpr = this.expr();
      const cond = this.cond();
      this.eat(']');
      return { k: 'for', tuple: true, ...head, keyExpr: undefined, valExpr, cond };
    }
    const items: Node[] = [];
    while (!this.isP(']')) {
      items.push(this.expr());
      if (this.isP(',')) this.advance();
      else if (!this.isP(']')) throw new Unsupported('expected "]"');
    }
    this.advance();
    return { k: 'tuple', items };
  }

  private objectOrFor(): Node {
    if (this.tok.t === 'id' && this.tok.v === 'for') {
      this.advance();
      const head = this.forHead();
      const keyExpr = this.expr();
      this.eat('=>');
      const valExpr = this.expr();
      if (this.isP('...')) this.advance();
      const cond = this.cond();
      this.eat('}');
      return { k: 'for', tuple: false, ...head, keyExpr, valExpr, cond };
    }
    const entries: [Node, Node][] = [];
    while (!this.isP('}')) {
      // A bare name as a key is the name itself, not a reference.
      const key: Node = this.tok.t === 'id' ? { k: 'lit', v: (this.advance() as { v: string }).v } : this.expr();
      if (this.isP('=') || this.isP(':')) this.advance();
      else throw new Unsupported('expected "="');
      entries.push([key, this.expr()]);
      if (this.isP(',')) this.advance();
    }
    this.advance();
    return { k: 'object', entries };
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** A map value: a plain object, not one of the evaluator's own markers. */
function isMap(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && !(v instanceof Unknown || v instanceof TfRef || v instanceof ZoneList || v instanceof Namespace);
}


const unknownIn = (v: unknown): Unknown | undefined => (v instanceof Unknown ? v : undefined);

/** The first Unknown anywhere inside a value (deep), or undefined when all of it is known. */
export function firstUnknown(v: unknown): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v instanceof TfRef) return new Unknown(`${v.text} is known only at plan or apply time`);
  if (v instanceof ZoneList) return new Unknown('the number of zones of the region is known only at plan time');
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  }
  if (isMap(v)) {
    for (const x of Object.values(v)) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  }
  return undefined;
}

function str(v: unknown): string | Unknown {
  if (v instanceof Unknown) return v;
  if (v instanceof TfRef || v instanceof ZoneList || isMap(v) || Array.isArray(v)) return new Unknown('not a string');
  if (v === null || v === undefined) return '';
  return String(v);
}

function num(v: unknown): number | Unknown {
  if (v instanceof Unknown) return v;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : new Unknown(`${JSON.stringify(v)} is not a number`);
}

function list(v: unknown, n?: number): unknown[] | Unknown {
  if (v instanceof Unknown) return v;
  if (v instanceof ZoneList) {
    if (v.to === undefined && n === undefined) return new Unknown('the number of zones of the region is known only at plan time');
    const to = v.to ?? v.from + n!;
    return Array.from({ length: Math.max(0, to - v.from) }, (_, i) => `#${v.from + i}`);
  }
  if (Array.isArray(v)) return v;
  return new Unknown(`${v instanceof TfRef ? v.text : JSON.stringify(v)} is not a known list`);
}

function ipv4(cidr: string): { base: number; prefix: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  return { base, prefix: Number(m[5]) };
}

function cidrsubnet(prefix: string, newbits: number, netnum: number): string | Unknown {
  const p = ipv4(prefix);
  if (!p) return new Unknown(`cidrsubnet of "${prefix}" (only IPv4 is read)`);
  const len = p.prefix + newbits;
  if (len > 32 || netnum >= 2 ** newbits) return new Unknown(`cidrsubnet("${prefix}", ${newbits}, ${netnum}) is out of range`);
  const mask = p.prefix === 0 ? 0 : (0xffffffff << (32 - p.prefix)) >>> 0;
  const addr = (((p.base & mask) >>> 0) + netnum * 2 ** (32 - len)) >>> 0;
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}/${len}`;
}

type Fn = (args: unknown[]) => unknown;

const FUNCTIONS: Record<string, Fn> = {
  length: ([x]) => (x instanceof ZoneList && x.to !== undefined ? x.to - x.from : isMap(x) ? Object.keys(x).length : typeof x === 'string' ? x.length : ((l) => (l instanceof Unknown ? l : l.length))(list(x))),
  element: ([x, i]) => {
    const n = num(i);
    if (n instanceof Unknown) return n;
    if (x instanceof ZoneList && x.to === undefined) return `#${x.from + n}`;
    const l = list(x);
    if (l instanceof Unknown) return l;
    return l.length === 0 ? new Unknown('element of an empty list') : l[n % l.length];
  },
  cidrsubnet: ([p, b, n]) => {
    const ps = str(p);
    const bs = num(b);
    const ns = num(n);
    return ps instanceof Unknown ? ps : bs instanceof Unknown ? bs : ns instanceof Unknown ? ns : cidrsubnet(ps, bs, ns);
  },
  slice: ([x, a, b]) => {
    const an = num(a);
    const bn = num(b);
    if (an instanceof Unknown) return an;
    if (bn instanceof Unknown) return bn;
    if (x instanceof ZoneList) return new ZoneList(x.from + an, x.from + bn);
    const l = list(x);
    return l instanceof Unknown ? l : l.slice(an, bn);
  },
  concat: (args) => {
    const out: unknown[] = [];
    for (const a of args) {
      const l = list(a);
      if (l instanceof Unknown) return l;
      out.push(...l);
    }
    return out;
  },
  tolist: ([x]) => list(x),
  toset: ([x]) => ((l) => (l instanceof Unknown ? l : [...new Set(l.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)))]))(list(x)),
  tomap: ([x]) => x,
  distinct: ([x]) => FUNCTIONS.toset!([x]),
  flatten: ([x]) => ((l) => (l instanceof Unknown ? l : l.flat(Infinity)))(list(x)),
  compact: ([x]) => ((l) => (l instanceof Unknown ? l : l.filter((v) => v !== null && v !== '')))(list(x)),
  keys: ([x]) => (isMap(x) ? Object.keys(x).sort() : new Unknown('keys of an unknown map')),
  values: ([x]) => (isMap(x) ? Object.keys(x).sort().map((k) => x[k]) : new Unknown('values of an unknown map')),
  merge: (args) => {
    const out: Record<string, unknown> = {};
    for (const a of args) {
      if (a === null) continue;
      if (!isMap(a)) return unknownIn(a) ?? new Unknown('merge of an unknown map');
      Object.assign(out, a);
    }
    return out;
  },
  lookup: ([m, k, d]) => (isMap(m) && typeof k === 'string' ? (k in m ? m[k] : d === undefined ? new Unknown(`lookup of missing key "${k}"`) : d) : unknownIn(m) ?? new Unknown('lookup in an unknown map')),
  zipmap: ([ks, vs]) => {
    const a = list(ks);
    const b = list(vs);
    if (a instanceof Unknown) return a;
    if (b instanceof Unknown) return b;
    return Object.fromEntries(a.map((k, i) => [String(k), b[i]]));
  },
  contains: ([x, v]) => ((l) => (l instanceof Unknown ? l : l.includes(v)))(list(x)),
  range: (args) => {
    const ns = args.map(num);
    const bad = ns.find((n) => n instanceof Unknown);
    if (bad) return bad;
    const [a, b, step] = ns.length === 1 ? [0, ns[0] as number, 1] : [ns[0] as number, ns[1] as number, (ns[2] as number | undefined) ?? 1];
    const out: number[] = [];
    for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
    return out;
  },
  max: (args) => ((ns) => ns.find((n) => n instanceof Unknown) ?? Math.max(...(ns as number[])))(args.map(num)),
  min: (args) => ((ns) => ns.find((n) => n instanceof Unknown) ?? Math.min(...(ns as number[])))(args.map(num)),
  tostring: ([x]) => str(x),
  tonumber: ([x]) => num(x),
  tobool: ([x]) => (x === true || x === 'true' ? true : x === false || x === 'false' ? false : new Unknown('not a bool')),
  lower: ([x]) => ((s) => (s instanceof Unknown ? s : s.toLowerCase()))(str(x)),
  upper: ([x]) => ((s) => (s instanceof Unknown ? s : s.toUpperCase()))(str(x)),
  join: ([sep, x]) => {
    const l = list(x);
    const s = str(sep);
    if (l instanceof Unknown) return l;
    if (s instanceof Unknown) return s;
    const parts = l.map(str);
    return parts.find((p) => p instanceof Unknown) ?? parts.join(s);
  },
  replace: ([x, a, b]) => {
    const [s, from, to] = [str(x), str(a), str(b)];
    if (s instanceof Unknown) return s;
    if (from instanceof Unknown || to instanceof Unknown) return new Unknown('replace with unknown arguments');
    if (from.startsWith('/') && from.endsWith('/')) return new Unknown('replace with a regular expression');
    return s.split(from).join(to);
  },
  format: ([f, ...args]) => {
    const s = str(f);
    if (s instanceof Unknown) return s;
    let i = 0;
    let bad: Unknown | undefined;
    const out = s.replace(/%[sdv%]/g, (m) => {
      if (m === '%%') return '%';
      const v = str(args[i++]);
      if (v instanceof Unknown) bad = v;
      return v instanceof Unknown ? '' : v;
    });
    return bad ?? out;
  },
  coalesce: (args) => args.find((a) => a !== null && a !== '' && !(a instanceof Unknown)) ?? unknownIn(args.find((a) => a instanceof Unknown)) ?? new Unknown('coalesce of nothing'),
  try: (args) => args.find((a) => !(a instanceof Unknown)) ?? args[0],
  jsonencode: ([x]) => x,
  trimprefix: ([x, p]) => ((s, q) => (s instanceof Unknown ? s : q instanceof Unknown ? q : s.startsWith(q) ? s.slice(q.length) : s))(str(x), str(p)),
  trimsuffix: ([x, p]) => ((s, q) => (s instanceof Unknown ? s : q instanceof Unknown ? q : s.endsWith(q) ? s.slice(0, -q.length) : s))(str(x), str(p)),
};

/** A reference as written: `aws_subnet.private[0].id`, `aws_subnet.private[*].id`, `module.vpc.vpc_id`. */
function refText(r: TfRef): string {
  const index = r.splat ? '[*]' : r.index === undefined ? '' : typeof r.index === 'number' ? `[${r.index}]` : `[${JSON.stringify(r.index)}]`;
  return `${r.ref}${index}${r.attr === undefined ? '' : `.${r.attr}`}`;
}

/** Data sources whose value is fixed (the partition) or follows a fixed rule (the region's zones). */
function dataAttr(ref: string, attr: string): unknown {
  if (ref.startsWith('data.aws_partition.') && attr === 'partition') return 'aws';
  if (ref.startsWith('data.aws_partition.') && attr === 'dns_suffix') return 'amazonaws.com';
  if (ref.startsWith('data.aws_availability_zones.') && attr === 'names') return new ZoneList();
  return undefined;
}

class Namespace {
  constructor(readonly path: string) {}
}

class Evaluator {
  constructor(
    private readonly env: EvalEnv,
    private readonly text: string,
  ) {}

  readonly scopes: Record<string, unknown>[] = [];

  eval(n: Node): unknown {
    switch (n.k) {
      case 'lit':
        return n.v;
      case 'tpl':
        return this.template(n.parts);
      case 'name': {
        for (let i = this.scopes.length - 1; i >= 0; i--) if (n.name in this.scopes[i]!) return this.scopes[i]![n.name];
        return new Namespace(n.name);
      }
      case 'get':
        return this.get(this.eval(n.obj), n.attr);
      case 'idx': {
        const obj = this.eval(n.obj);
        const index = this.eval(n.index);
        return this.index(obj, index);
      }
      case 'splat': {
        const obj = this.eval(n.obj);
        if (obj instanceof TfRef) return new TfRef(obj.ref, undefined, true, obj.attr, this.text);
        return obj;
      }
      case 'call': {
        if (n.fn === 'file' || n.fn === 'templatefile') return this.readFile(n.fn, n.args.map((a) => this.value(this.eval(a))));
        const fn = FUNCTIONS[n.fn];
        if (!fn) return new Unknown(`${n.fn}(...) is evaluated only at plan time`);
        let args = n.args.map((a) => this.value(this.eval(a)));
        if (n.expand && args.length > 0) {
          const last = list(args[args.length - 1]);
          if (last instanceof Unknown) return last;
          args = [...args.slice(0, -1), ...last];
        }
        if (n.fn !== 'try' && n.fn !== 'coalesce' && n.fn !== 'length' && n.fn !== 'element' && n.fn !== 'slice') {
          const u = args.find((a) => a instanceof Unknown || a instanceof TfRef);
          if (u) return u instanceof TfRef ? new Unknown(`${u.text} is known only at plan or apply time`) : u;
        }
        return fn(args);
      }
      case 'tuple':
        return n.items.map((i) => this.value(this.eval(i)));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of n.entries) {
          const key = this.value(this.eval(k));
          const ks = str(key);
          if (ks instanceof Unknown) return ks;
          out[ks] = this.value(this.eval(v));
        }
        return out;
      }
      case 'for':
        return this.forExpr(n);
      case 'bin':
        return this.binary(n.op, this.value(this.eval(n.a)), this.value(this.eval(n.b)));
      case 'un': {
        const a = this.value(this.eval(n.a));
        if (a instanceof Unknown) return a;
        if (n.op === '!') return typeof a === 'boolean' ? !a : new Unknown('! of a non-bool');
        const x = num(a);
        return x instanceof Unknown ? x : -x;
      }
      case 'cond': {
        const c = this.value(this.eval(n.c));
        if (c === true) return this.value(this.eval(n.a));
        if (c === false) return this.value(this.eval(n.b));
        return c instanceof Unknown ? c : new Unknown('a condition known only at plan time');
      }
    }
  }

  /** file(path) and templatefile(path, vars): the file's text, a template rendered with vars, or why not. */
  private readFile(fn: string, args: unknown[]): unknown {
    const [p, vars] = args;
    if (typeof p !== 'string') return unknownIn(p) ?? new Unknown(`the path of ${fn}(...) is known only at plan time`);
    const text = this.env.readFile ? this.env.readFile(p) : new Unknown(`${fn}("${p}") is read only for a configuration read from disk`);
    if (text instanceof Unknown || fn === 'file') return text;
    if (vars !== undefined && !isMap(vars)) return unknownIn(vars) ?? new Unknown(`the variables of templatefile("${p}") are not a known map`);
    try {
      // A template sees only its variables: no var., local. or functions that read other files.
      const inner = new Evaluator({ variable: (n) => new Unknown(`var.${n} is not visible in template ${p}`), local: (n) => new Unknown(`local.${n} is not visible in template ${p}`), ...(this.env.placeholders ? { placeholders: true } : {}) }, p);
      inner.scopes.push(vars ?? {});
      return inner.template(templateParts(text, { i: 0 }, undefined));
    } catch (e) {
      if (e instanceof Unsupported) return new Unknown(`template ${p} is not read by keelson (${e.message})`);
      throw e;
    }
  }

  /** A namespace left at the end of a chain (`var` alone) is not a value. */
  value(v: unknown): unknown {
    return v instanceof Namespace ? new Unknown(`${v.path} is not a value`) : v;
  }

  private get(obj: unknown, attr: string): unknown {
    if (obj instanceof Namespace) {
      const p = obj.path;
      if (p === 'var') return this.env.variable(attr);
      if (p === 'local') return this.env.local(attr);
      if (p === 'count') return attr === 'index' && this.env.count !== undefined ? this.env.count : new Unknown('count.index outside a counted resource');
      if (p === 'each') return this.env.each ? (attr === 'key' ? this.env.each.key : attr === 'value' ? this.env.each.value : new Unknown(`each.${attr}`)) : new Unknown('each outside a for_each resource');
      // Files are read relative to the module directory, which path.module (and, for a root module, path.root) names.
      if (p === 'path' && (attr === 'module' || attr === 'root')) return '.';
      if (p === 'path' || p === 'terraform' || p === 'self') return new Unknown(`${p}.${attr} is known only at plan time`);
      if (p === 'data') return new Namespace(`data.${attr}`);
      if (p === 'module') return new TfRef(`module.${attr}`, undefined, false, undefined, this.text);
      // `aws_subnet` then its name; `data.aws_iam_policy_document` then its name.
      if (!p.includes('.') || p.split('.').length === 2) return new TfRef(`${p}.${attr}`, undefined, false, undefined, this.text);
      return new Unknown(`${p}.${attr} is not understood`);
    }
    if (obj instanceof TfRef) {
      if (obj.ref.startsWith('module.') && obj.attr === undefined) return new TfRef(obj.ref, obj.index, obj.splat, attr, this.text);
      if (obj.attr === undefined) {
        const fixed = obj.ref.startsWith('data.') ? dataAttr(obj.ref, attr) : undefined;
        return fixed ?? new TfRef(obj.ref, obj.index, obj.splat, attr, this.text);
      }
      return new TfRef(obj.ref, obj.index, obj.splat, `${obj.attr}.${attr}`, this.text);
    }
    if (obj instanceof Unknown) return obj;
    if (isMap(obj)) return attr in obj ? obj[attr] : new Unknown(`no attribute "${attr}"`);
    return new Unknown(`.${attr} of a value that has none`);
  }

  private index(obj: unknown, index: unknown): unknown {
    if (index instanceof Unknown) return index;
    if (obj instanceof TfRef) {
      if (obj.attr === undefined) return new TfRef(obj.ref, typeof index === 'number' || typeof index === 'string' ? index : undefined, false, undefined, this.text);
      return new Unknown(`${this.text} is known only at plan or apply time`);
    }
    if (obj instanceof ZoneList) {
      const n = num(index);
      return n instanceof Unknown ? n : obj.to !== undefined && obj.from + n >= obj.to ? new Unknown('zone index out of range') : `#${obj.from + n}`;
    }
    if (obj instanceof Unknown) return obj;
    if (Array.isArray(obj)) {
      const n = num(index);
      return n instanceof Unknown ? n : n < obj.length ? obj[n] : new Unknown(`index ${n} is out of range`);
    }
    if (isMap(obj)) {
      const k = str(index);
      return k instanceof Unknown ? k : k in obj ? obj[k] : new Unknown(`no key "${k}"`);
    }
    return this.value(obj) instanceof Unknown ? this.value(obj) : new Unknown('index of a value that has none');
  }

  private binary(op: string, a: unknown, b: unknown): unknown {
    if (op === '&&' && a === false) return false;
    if (op === '||' && a === true) return true;
    const u = unknownIn(a) ?? unknownIn(b) ?? (a instanceof TfRef || b instanceof TfRef ? new Unknown(`${this.text} is known only at plan or apply time`) : undefined);
    if (u) return u;
    if (op === '==') return JSON.stringify(a) === JSON.stringify(b);
    if (op === '!=') return JSON.stringify(a) !== JSON.stringify(b);
    if (op === '&&') return a === true && b === true;
    if (op === '||') return a === true || b === true;
    const x = num(a);
    const y = num(b);
    if (x instanceof Unknown) return x;
    if (y instanceof Unknown) return y;
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return x / y;
      case '%': return x % y;
      case '<': return x < y;
      case '>': return x > y;
      case '<=': return x <= y;
      default: return x >= y;
    }
  }

  private forExpr(n: Extract<Node, { k: 'for' }>): unknown {
    const coll = this.value(this.eval(n.coll));
    if (coll instanceof TfRef && coll.attr === undefined && n.tuple && !n.cond) {
      // `[for s in aws_subnet.private : s.id]` is every instance's id: one splat reference stands for the list.
      this.scopes.push({ [n.valVar]: new TfRef(coll.ref, undefined, true, undefined, this.text), ...(n.keyVar ? { [n.keyVar]: new Unknown('the keys of a resource are known from its for_each') } : {}) });
      try {
        return [this.value(this.eval(n.valExpr))];
      } finally {
        this.scopes.pop();
      }
    }
    let pairs: [unknown, unknown][];
    if (isMap(coll)) pairs = Object.keys(coll).sort().map((k) => [k, coll[k]]);
    else {
      const l = list(coll);
      if (l instanceof Unknown) return l;
      pairs = l.map((v, i) => [i, v]);
    }
    const tuple: unknown[] = [];
    const obj: Record<string, unknown> = {};
    for (const [k, v] of pairs) {
      this.scopes.push({ [n.valVar]: v, ...(n.keyVar ? { [n.keyVar]: k } : {}) });
      try {
        if (n.cond) {
          const c = this.value(this.eval(n.cond));
          if (c instanceof Unknown) return c;
          if (c !== true) continue;
        }
        const val = this.value(this.eval(n.valExpr));
        if (n.tuple) tuple.push(val);
        else {
          const key = str(this.value(this.eval(n.keyExpr!)));
          if (key instanceof Unknown) return key;
          obj[key] = val;
        }
      } finally {
        this.scopes.pop();
      }
    }
    return n.tuple ? tuple : obj;
  }

  template(parts: (string | Node)[]): unknown {
    if (parts.length === 1 && typeof parts[0] !== 'string') return this.value(this.eval(parts[0]!));
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = this.value(this.eval(p));
      const s = v instanceof TfRef ? new Unknown(`${v.text} is known only at plan or apply time`) : str(v);
      if (s instanceof Unknown) {
        if (!this.env.placeholders) return s;
        // The reference itself names the placeholder (the whole template is the TfRef's text).
        out += `\u0000${v instanceof TfRef ? refText(v) : 'unknown'}\u0000`;
      } else out += s;
    }
    return out;
  }
}

/**
 * The value of a string as hcl2json writes it: a template whose `${...}` parts are evaluated. A string that is one
 * interpolation keeps the type of its value (a list, a number, a reference).
 */
export function evaluateString(raw: string, env: EvalEnv): unknown {
  if (!raw.includes('${')) return raw.replace(/\$\$\{/g, '${');
  try {
    const lx = { i: 0 };
    const parts = templateParts(raw, lx, undefined);
    const single = parts.length === 1 && typeof parts[0] !== 'string';
    const text = single ? raw.slice(2, -1).trim() : raw;
    return new Evaluator(env, text).template(parts);
  } catch (e) {
    if (e instanceof Unsupported) return new Unknown(`${raw.length > 80 ? `${raw.slice(0, 77)}...` : raw} is not read by keelson (${e.message})`);
    throw e;
  }
}

/** Evaluates every string inside a value as hcl2json wrote it (tuples and objects stay structured). */
export function evaluateDeep(raw: unknown, env: EvalEnv): unknown {
  if (typeof raw === 'string') return evaluateString(raw, env);
  if (Array.isArray(raw)) return raw.map((x) => evaluateDeep(x, env));
  if (isRecord(raw)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const key = k.includes('${') ? evaluateString(k, { ...env, placeholders: true }) : k;
      out[typeof key === 'string' ? key : `\u0000${k}\u0000`] = evaluateDeep(v, env);
    }
    return out;
  }
  return raw;
}
