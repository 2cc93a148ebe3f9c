/**
 * `.tf` files: parsed by the real HCL parser (@cdktf/hcl2json), located by hcl-locator. The parser is a WebAssembly
 * module that takes a few hundred milliseconds to load, so it is imported only when a `.tf` file is read.
 */
import type { SourceLocation } from '../../errors.js';
import type { Origin } from '../location.js';
import { looksBinary, MAX_FILE_BYTES } from '../yaml.js';
import type { ReadResult } from '../yaml.js';
import { hclIndex } from './hcl-locator.js';

export const HCL_FILE = /\.(tf|tfvars)$/i;
/** Variable values, HCL or JSON; read beside the configuration of their directory. */
export const TFVARS_FILE = /\.tfvars(\.json)?$/i;

/** `main.tf:2,7-3,1: Invalid expression; ...` → line 2, column 7 and the message after the range. */
function syntaxNotice(error: unknown, file: string, name: string): ReadResult['notices'][number] {
  const text = error instanceof Error ? error.message : String(error);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+),(\\d+)(?:-[\\d,]+)?: ([^\\]]*)`).exec(text);
  const location: SourceLocation = m ? { file, line: Number(m[1]), column: Number(m[2]) } : { file };
  const why = m ? m[3]! : text.replace(/^Error: /, '');
  return { kind: 'syntax', message: `HCL syntax: ${why.trim()}`, location };
}

export async function readHcl(bytes: Uint8Array, file: string): Promise<ReadResult> {
  if (bytes.length > MAX_FILE_BYTES) {
    return { documents: [], notices: [{ kind: 'skipped', message: `skipped: ${bytes.length} bytes is over the ${MAX_FILE_BYTES}-byte limit`, location: { file } }] };
  }
  if (looksBinary(bytes)) return { documents: [], notices: [{ kind: 'skipped', message: 'skipped: binary file (not HCL)', location: { file } }] };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  const { parse } = await import('@cdktf/hcl2json');
  // The parser names the file in its errors; a plain name keeps the message easy to pick apart.
  const name = 'input.hcl';
  let value: unknown;
  try {
    value = await parse(name, text);
  } catch (e) {
    return { documents: [], notices: [syntaxNotice(e, file, name)] };
  }
  const index = hclIndex(text);
  const origin: Origin = {
    file,
    docIndex: 0,
    // Reports show the Terraform address (`aws_eks_cluster.this.vpc_config.endpoint_public_access`), not hcl2json's path.
    locate: (path) => {
      const { line, column } = index.locate(path);
      return path.length > 0 ? { file, line, column, path: index.address(path) } : { file, line, column };
    },
  };
  return { documents: [{ origin, value, text, documentCount: 1 }], notices: [] };
}
