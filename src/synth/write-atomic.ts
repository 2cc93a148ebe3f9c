import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds a directory in a sibling temporary folder and swaps it into place only when `build` succeeds, so a
 * failed run never leaves a half-written output directory (and never destroys the previous good one).
 */
export async function writeDirAtomically<T>(target: string, build: (tmpDir: string) => Promise<T> | T): Promise<T> {
  const abs = path.resolve(target);
  const parent = path.dirname(abs);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(path.join(parent, `.keelson-tmp-${path.basename(abs)}-`));
  try {
    const result = await build(tmp);
    const old = existsSync(abs) ? `${tmp}.old` : undefined;
    if (old) renameSync(abs, old);
    renameSync(tmp, abs);
    if (old) rmSync(old, { recursive: true, force: true });
    return result;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
