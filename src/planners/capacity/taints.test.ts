import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from './model.js';
import { tolerates } from './taints.js';

const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('tolerations', () => {
  it.each<[Toleration[], boolean]>([
    [[], false],
    [[{ key: 'dedicated', operator: 'Equal', value: 'gpu' }], true],
    [[{ key: 'dedicated', operator: 'Equal', value: 'cpu' }], false],
    [[{ key: 'dedicated', operator: 'Exists' }], true],
    [[{ operator: 'Exists' }], true],
    [[{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }], false],
    [[{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], true],
  ])('%j tolerates dedicated=gpu:NoSchedule: %s', (tols, want) => {
    // GIVEN tolerations THEN the scheduler's matching rules
    expect(tolerates(tols, taint)).toBe(want);
  });

  it('never lets PreferNoSchedule block', () => {
    // GIVEN a soft taint THEN any pod tolerates it
    expect(tolerates([], { key: 'x', effect: 'PreferNoSchedule' })).toBe(true);
  });
});
