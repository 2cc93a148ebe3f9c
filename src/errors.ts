/** Where a problem was found: a file position (YAML) and/or a field path (TS and YAML). */
export interface SourceLocation {
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** Dotted field path, e.g. `endpoint.publicAccessCidrs[0]`. */
  readonly path?: string;
}

export type KeelsonErrorCode =
  | 'INVALID_DEFINITION'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_LOAD_FAILED'
  | 'YAML_SYNTAX'
  | 'SYNTH_FAILED'
  | 'VALIDATION_REPORT_ERRORS'
  | 'OUTPUT_EXISTS'
  | 'BAD_USAGE';

/** One problem: what is wrong, where, what is allowed, and how to fix it. */
export interface Problem {
  readonly location: SourceLocation;
  readonly message: string;
  readonly fix?: string;
}

export function formatLocation(loc: SourceLocation): string {
  const pos = loc.file ? `${loc.file}${loc.line ? `:${loc.line}:${loc.column ?? 1}` : ''}` : '';
  return [pos, loc.path].filter(Boolean).join(' ');
}

export function formatProblem(p: Problem): string {
  const where = formatLocation(p.location);
  const head = where ? `${where}: ${p.message}` : p.message;
  return p.fix ? `${head}\n  fix: ${p.fix}` : head;
}

/**
 * The one error type keelson throws for problems a user can fix. It carries every problem found,
 * not just the first, so a user fixes a definition in one pass.
 */
export class KeelsonError extends Error {
  override readonly name = 'KeelsonError';
  readonly code: KeelsonErrorCode;
  readonly problems: readonly Problem[];

  constructor(code: KeelsonErrorCode, problems: readonly Problem[] | string) {
    const list: readonly Problem[] = typeof problems === 'string' ? [{ location: {}, message: problems }] : problems;
    super(list.map(formatProblem).join('\n'));
    this.code = code;
    this.problems = list;
  }
}

export function isKeelsonError(e: unknown): e is KeelsonError {
  return e instanceof KeelsonError;
}
