import { readFileSync } from 'node:fs';
import type { RuleMeta } from '../rules/types.js';

/** What every reporter gets besides the result: pure data, so a reporter does no I/O and is byte-stable. */
export interface ReportContext {
  readonly toolVersion: string;
  readonly rules: readonly RuleMeta[];
  /** ANSI colour in the table; the CLI sets it only for a TTY without NO_COLOR. */
  readonly color?: boolean;
}

interface PackageLinks {
  readonly repository?: string | { readonly url?: string };
  readonly homepage?: string;
}

/**
 * `git+https://github.com/o/r.git`, `github:o/r` or `o/r` (npm's shorthands) as a browsable https URL. The
 * fallback is the project's canonical repository, for a package.json that lost its `repository` field.
 */
export function repositoryUrl(pkg: PackageLinks): string {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (raw) {
    const short = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
    if (short) return `https://github.com/${short[1]!.replace(/\.git$/, '')}`;
    const url = raw.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/^ssh:\/\/git@/, 'https://').replace(/\.git$/, '');
    if (/^https?:\/\//.test(url)) return url;
  }
  return pkg.homepage?.replace(/#.*$/, '') ?? 'https://github.com/keelson-dev/keelson';
}

let project: { readonly repository: string; readonly homepage: string } | undefined;

/** keelson's own links, read once from package.json (the one place they are written). */
export function projectLinks(): { readonly repository: string; readonly homepage: string } {
  if (!project) {
    // src/report and dist/report are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageLinks;
    const repository = repositoryUrl(pkg);
    project = { repository, homepage: pkg.homepage ?? repository };
  }
  return project;
}

/** Where a rule's documentation lives; generated from the rule metadata into docs/rules/. */
export function ruleDocsUrl(ruleId: string): string {
  return `${projectLinks().repository}/blob/main/docs/rules/${ruleId}.md`;
}
