import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, SAMPLE_CSV, tempDir } from './harness';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('cli-errors');
});
afterAll(async () => {
  await dir.remove();
});

describe('rnn-studio input errors exit with 2 and one clear message', () => {
  it('a malformed CSV (an unterminated quote would swallow the numbers) is refused at the file line where the quote opens', async () => {
    const bad = join(dir.path, 'broken.csv');
    await writeFile(bad, 'Month,Passengers\n1949-01,112\n1949-02,"118\n1949-03,132\n');
    const result = await cli(['train', '--data', bad, '--target', 'Passengers', '--epochs', '1', '--out', join(dir.path, 'run-broken')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: broken\.csv, file line 3: a quote opened on this line is never closed/);
    expect(result.stderr.match(/^error:/gm)).toHaveLength(1);
  });

  it('a bad --layers value names the flag and shows the expected form', async () => {
    const result = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--layers', '64,abc', '--out', join(dir.path, 'run-layers')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--layers: layer 2 'abc' is not a whole number of units; write e\.g\. --layers 64,32/);
    expect(existsSync(join(dir.path, 'run-layers'))).toBe(false);
  });

  it('an unknown column, an invalid config field and an unknown option are bad input too', async () => {
    const column = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Sales', '--out', join(dir.path, 'run-col')]);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/Sales/);

    const spec = join(dir.path, 'spec.json');
    await writeFile(spec, JSON.stringify({ train: { batchSize: -3 } }));
    const config = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--config', spec, '--out', join(dir.path, 'run-spec')]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/spec\.json: train\.batchSize: /);

    const option = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--layer', '8', '--out', join(dir.path, 'run-opt')]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/--layer/);
  });

  it('refuses to overwrite a folder that already holds a run', async () => {
    const existing = join(dir.path, 'existing');
    await mkdir(existing);
    await writeFile(join(existing, 'run.json'), '{}');
    const result = await cli(['train', '--data', SAMPLE_CSV, '--target', 'Passengers', '--out', existing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already holds a run/);
  });
});
