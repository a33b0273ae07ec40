import { describe, expect, test } from 'vitest';
import { uniqueRunLabels } from '../../../src-renderer/src/lib/seriesColors';

describe('run labels in chart legends', () => {
  test('runs sharing a name get numbered labels; unique names stay as they are', () => {
    const labels = uniqueRunLabels([
      { id: 'a', name: 'Passengers — suggested' },
      { id: 'b', name: 'GRU try' },
      { id: 'c', name: 'Passengers — suggested' },
    ]);
    expect([...labels.values()]).toEqual(['Passengers — suggested (1)', 'GRU try', 'Passengers — suggested (2)']);
    expect(labels.get('c')).toBe('Passengers — suggested (2)');
  });
});
