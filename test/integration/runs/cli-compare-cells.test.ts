import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CellComparison } from '../../../src-main/common/contract';
import { RunRecord } from '../../../src-main/engine/spec';
import { cli, SAMPLE_CSV, tempDir, TINY } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cells');
});
afterAll(async () => {
  await dir.remove();
});

describe('rnn-studio compare-cells', () => {
  it('trains rnn, lstm and gru on the same data, split and seed and writes comparison.json/.md with three rows', async () => {
    const out = join(dir.path, 'cells');
    const result = await cli(['compare-cells', '--data', SAMPLE_CSV, ...TINY, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    for (const cell of ['rnn', 'lstm', 'gru']) expect(result.stderr).toMatch(new RegExp(`^\\[${cell}\\] backend: `, 'm'));

    const comparison = CellComparison.parse(JSON.parse(await readFile(join(out, 'comparison.json'), 'utf8')));
    expect(comparison.status).toBe('completed');
    expect(comparison.rows.map((r) => r.cell)).toEqual(['rnn', 'lstm', 'gru']);
    const params = Object.fromEntries(comparison.rows.map((r) => [r.cell, r.params]));
    // same layer sizes: an LSTM has four gates' weights, a GRU three, a simple RNN one
    expect(params.rnn).toBeLessThan(params.gru);
    expect(params.gru).toBeLessThan(params.lstm);
    for (const row of comparison.rows) {
      expect(row.secondsPerEpoch).toBeGreaterThan(0);
      expect(row.epochsToBest).toBeGreaterThanOrEqual(1);
      expect(row.gradientHealth).toMatch(/^(healthy|exploding|vanishing|diverged) · median ‖g‖ /);
    }
    // all three saw the same data, split, window, budget and seed; only the cell differs
    const records = await Promise.all(['rnn', 'lstm', 'gru'].map(async (c) => RunRecord.parse(JSON.parse(await readFile(join(out, c, 'run.json'), 'utf8')))));
    expect(new Set(records.map((r) => r.group)).size).toBe(1);
    expect(new Set(records.map((r) => r.data.sha256)).size).toBe(1);
    const withoutCell = records.map((r) => JSON.stringify({ ...r.config, name: '', model: { ...r.config.model, cell: '' } }));
    expect(new Set(withoutCell).size).toBe(1);
    // the baselines do not depend on the model: identical across rows
    expect(new Set(comparison.rows.map((r) => r.naive.mase)).size).toBe(1);

    const markdown = await readFile(join(out, 'comparison.md'), 'utf8');
    expect(markdown).toBe(comparison.markdown);
    expect(markdown.split('\n').filter((l) => /^\| (RNN|LSTM|GRU) \|/.test(l))).toHaveLength(3);
    expect(markdown).toMatch(/Lowest test MASE: \*\*(RNN|LSTM|GRU)\*\*/);
  });
});
