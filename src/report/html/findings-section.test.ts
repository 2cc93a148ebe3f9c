import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHOICES, sourceChoices } from './findings-section.js';

describe('sourceChoices', () => {
  it('keeps every file as its own choice while there are few', () => {
    const files = ['a.yaml', 'k8s/b.yaml'];
    expect(files.map(sourceChoices(files))).toEqual(files);
  });

  it('groups many files by the deepest folder level that stays within the limit', () => {
    // GIVEN 3 environments x 30 teams x 2 files, and one file at the top
    const files = ['cluster.yaml'];
    for (const env of ['dev', 'prod', 'stage']) for (let t = 0; t < 30; t++) files.push(`${env}/team-${t}/a.yaml`, `${env}/team-${t}/b.yaml`);
    const choice = sourceChoices(files);
    // THEN the environments are the choices (teams would be 90, over the limit), and the top file keeps its own
    expect([...new Set(files.map(choice))].sort()).toEqual(['cluster.yaml', 'dev/', 'prod/', 'stage/']);
    expect(new Set(files.map(choice)).size).toBeLessThanOrEqual(MAX_SOURCE_CHOICES);
  });
});
