/** Runs the keelson CLI in-process and captures what it prints, for end-to-end command tests. */
import { main } from '../../src/cli/main.js';

export async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'keelson', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
