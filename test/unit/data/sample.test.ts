import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dateLabels, loadTableFile, sampleDatasetPath } from '../../../src-main/engine/data';

describe('bundled sample', () => {
  it('is the Box & Jenkins airline series: 144 months summing to 40363', async () => {
    expect(fs.existsSync(sampleDatasetPath())).toBe(true);
    const table = await loadTableFile(sampleDatasetPath());
    expect(table.rows).toHaveLength(144);
    expect(table.header).toEqual(['Month', 'Passengers']);
    expect(table.summary.dateColumn).toBe('Month');
    expect(table.summary.issues).toEqual([]);
    const passengers = Array.from(table.column('Passengers'));
    expect(passengers.reduce((a, b) => a + b, 0)).toBe(40363);
    expect(passengers.slice(0, 12)).toEqual([112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118]);
    expect(passengers.slice(-5)).toEqual([606, 508, 461, 390, 432]);
    expect(table.rows[0][0]).toBe('1949-01');
    expect(table.rows[143][0]).toBe('1960-12');
    expect(dateLabels(table, 'Month').slice(0, 2)).toEqual(['1949-01', '1949-02']);
  });
});
