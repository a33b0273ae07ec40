import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecord } from '../../../src-main/engine/spec';
import { cli, SAMPLE_CSV, tempDir, TINY } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cli-recipe');
});
afterAll(async () => {
  await dir.remove();
});

describe('rnn-studio train with train.chooseRecipe', () => {
  it('records which recipe validation chose and both scores in run.json, and prints them', async () => {
    const config = join(dir.path, 'recipe.json');
    await writeFile(config, JSON.stringify({ train: { chooseRecipe: true, refit: true } }));
    const result = await cli(['train', '--data', SAMPLE_CSV, ...TINY, '--config', config, '--out', 'runs/recipe'], {}, dir.path);
    expect(result.code, result.stderr).toBe(0);
    const record = RunRecord.parse(JSON.parse(await readFile(join(dir.path, 'runs', 'recipe', 'run.json'), 'utf8')));
    expect(record.config.train.chooseRecipe).toBe(true);
    const recipe = record.summary?.recipe;
    // The run's own schedule comes first (the sample's small batches get the cosine decay by default), the alternative second.
    const own = record.config.train.schedule.kind === 'cosine' ? 'cosine decay to 1% of lr' : 'constant lr';
    expect(recipe?.candidates.map((c) => c.name)).toEqual([own, own === 'constant lr' ? 'cosine decay to 1% of lr' : 'constant lr']);
    expect(recipe?.candidates.every((c) => typeof c.valLoss === 'number' && Number.isFinite(c.valLoss))).toBe(true);
    expect(recipe?.candidates.map((c) => c.name)).toContain(recipe?.chosen);
    const [first, second] = recipe!.candidates;
    expect(second.bestEpoch).toBe(first.bestEpoch);
    expect(result.stdout).toContain(`recipe chosen on validation: ${recipe!.chosen} (${own}: val loss`);
  }, 300_000);
});
