/** ../shared holds upstream schemas and real-world fixtures; a user's clone has none, CI always has it. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
export const HAS_SHARED = existsSync(path.join(SHARED_DIR, 'schemas'));
export const SHARED_SKIP_REASON = `skipped: ${SHARED_DIR} is absent (upstream schemas and fixtures live outside the repository)`;

if (!HAS_SHARED) console.warn(SHARED_SKIP_REASON);
