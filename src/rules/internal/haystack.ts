/**
 * One regular-expression search over many short strings (workload names, image references) instead of one test per
 * string: rules look for a dozen components in inputs that may hold 20,000 workloads, and almost every search finds
 * nothing.
 */

// A negative lookaround may see the line break that joins two strings where the string alone had its start or end.
const NEGATIVE_LOOKAROUND = /\(\?<?!/;

/** Strings joined by line breaks, searched as lines (the `m` flag), so `^` and `$` still mean a string's start and end. */
export class Haystack {
  private readonly joined: string;
  /** Strings that hold a line break themselves, tested one by one. */
  private readonly broken: readonly string[];
  private readonly patterns = new Map<RegExp, RegExp>();

  constructor(strings: Iterable<string>) {
    const whole: string[] = [];
    const broken: string[] = [];
    for (const s of strings) (s.includes('\n') ? broken : whole).push(s);
    this.joined = whole.join('\n');
    this.broken = broken;
  }

  /**
   * False only when no string matches `pattern`. True means some may: a match may also span two joined strings, or
   * need a line break inside a string, so the caller tests its strings one by one.
   */
  mayMatch(pattern: RegExp): boolean {
    if (NEGATIVE_LOOKAROUND.test(pattern.source)) return true;
    let lines = this.patterns.get(pattern);
    if (!lines) {
      lines = new RegExp(pattern.source, `${pattern.flags.replace(/[gym]/g, '')}m`);
      this.patterns.set(pattern, lines);
    }
    return lines.test(this.joined) || this.broken.some((s) => {
      pattern.lastIndex = 0;
      return pattern.test(s);
    });
  }
}
