/** Taint/toleration matching as the scheduler does it; PreferNoSchedule never blocks. */
import type { Taint, Toleration } from './model.js';

export function tolerates(tols: readonly Toleration[], taint: Taint): boolean {
  if (taint.effect === 'PreferNoSchedule') return true;
  return tols.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if ((t.operator ?? 'Equal') === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

export function toleratesAll(tols: readonly Toleration[], taints: readonly Taint[]): Taint | undefined {
  return taints.find((t) => !tolerates(tols, t));
}
