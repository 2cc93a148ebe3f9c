/** Kubernetes resource quantities ("500m", "1.5", "512Mi", "1G") into millicores and MiB. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity in its base unit (cores, bytes); undefined when it is not a quantity. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const f = BINARY[suffix] ?? DECIMAL[suffix];
  return f === undefined ? undefined : n * f;
}

export function cpuMillis(v: unknown): number | undefined {
  const q = parseQuantity(v);
  // The API server rounds CPU up to whole millicores.
  return q === undefined ? undefined : Math.ceil(q * 1000 - 1e-9);
}

export function memoryMiB(v: unknown): number | undefined {
  const q = parseQuantity(v);
  return q === undefined ? undefined : q / 2 ** 20;
}
