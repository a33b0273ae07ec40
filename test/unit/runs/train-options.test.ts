import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src-main/cli/cli-error';
import { deepMerge, flagsToConfig, mergeConfig, parseLayers, targetsOf } from '../../../src-main/cli/train-options';
import { RunConfig } from '../../../src-main/engine/spec';

const defaults = RunConfig.parse({
  series: { target: ['y'] },
  window: { lookback: 24, horizon: 1 },
  model: { cell: 'lstm', layers: [{ units: 64 }, { units: 32 }] },
  train: { epochs: 30, optimizer: { kind: 'adam', lr: 0.003 }, clip: { kind: 'norm', value: 1 } },
});

const thrown = (fn: () => unknown): CliError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a CliError');
};

describe('parseLayers', () => {
  it('reads units per layer', () => {
    expect(parseLayers('64,32')).toEqual([{ units: 64 }, { units: 32 }]);
    expect(parseLayers(' 8 ')).toEqual([{ units: 8 }]);
  });
  it('names the bad layer and shows the expected form', () => {
    expect(thrown(() => parseLayers('64,abc')).message).toBe("--layers: layer 2 'abc' is not a whole number of units; write e.g. --layers 64,32");
    expect(thrown(() => parseLayers('64,,32')).message).toMatch(/not a list of layer sizes/);
    expect(thrown(() => parseLayers('0')).message).toMatch(/layer 1 has 0 units; use 1–4096/);
    expect(thrown(() => parseLayers('1,1,1,1,1,1,1,1,1')).exitCode).toBe(2);
  });
});

describe('flags → config', () => {
  it('maps every flag onto its config field', () => {
    const partial = flagsToConfig({
      target: 'a,b', features: 'c', date: 'd', cell: 'gru', layers: '16,8', topology: 'encoder-decoder', lookback: '12', horizon: '3',
      season: '7', epochs: '5', batch: '16', lr: '0.01', clip: '0.5', seed: '9', test: '0.2',
    });
    expect(partial).toEqual({
      series: { target: ['a', 'b'], features: ['c'], date: 'd', season: 7, split: { test: 0.2 } },
      window: { lookback: 12, horizon: 3 },
      model: { cell: 'gru', layers: [{ units: 16 }, { units: 8 }], topology: 'encoder-decoder' },
      train: { epochs: 5, batchSize: 16, optimizer: { lr: 0.01 }, clip: { kind: 'norm', value: 0.5 }, seed: 9 },
    });
  });
  it('rejects values with the flag named', () => {
    expect(thrown(() => flagsToConfig({ epochs: '2.5' })).message).toBe("--epochs: '2.5' is not a whole number");
    expect(thrown(() => flagsToConfig({ cell: 'transformer' })).message).toBe("--cell: 'transformer' is not one of rnn, lstm, gru");
    expect(thrown(() => flagsToConfig({ lr: '-1' })).message).toMatch(/--lr: '-1' is not a positive number/);
    expect(thrown(() => flagsToConfig({ test: '2.5' })).message).toMatch(/--test: '2.5' must be a fraction below 1/);
    expect(thrown(() => flagsToConfig({ lookback: '0' })).message).toMatch(/--lookback: 0 is out of range/);
  });
  it('--linear-shortcut on|off sets model.linearShortcut; anything else is refused by name', () => {
    expect(flagsToConfig({ 'linear-shortcut': 'on' }).model).toEqual({ linearShortcut: true });
    expect(flagsToConfig({ 'linear-shortcut': 'off' }).model).toEqual({ linearShortcut: false });
    expect(thrown(() => flagsToConfig({ 'linear-shortcut': 'yes' })).message).toMatch(/--linear-shortcut: 'yes' is not one of on, off/);
  });
  it('--clip 0 turns clipping off', () => {
    expect(flagsToConfig({ clip: '0' }).train).toEqual({ clip: { kind: 'none' } });
  });
});

describe('mergeConfig: defaults ← file ← flags', () => {
  it('flags override the file, which overrides the defaults; arrays replace; the optimizer keeps its kind', () => {
    const file = { model: { layers: [{ units: 10 }], cell: 'gru' }, train: { epochs: 7, optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9 } } };
    const config = mergeConfig(defaults, file, flagsToConfig({ epochs: '3', lr: '0.05' }));
    expect(config.model.layers).toEqual([{ units: 10 }]);
    expect(config.model.cell).toBe('gru');
    expect(config.train.epochs).toBe(3);
    expect(config.train.optimizer).toEqual({ kind: 'sgd', lr: 0.05, momentum: 0.9 });
    expect(config.window.lookback).toBe(24);
  });
  it('a discriminated field of another kind replaces instead of merging', () => {
    const config = mergeConfig(defaults, undefined, flagsToConfig({ clip: '0' }));
    expect(config.train.clip).toEqual({ kind: 'none' });
    expect(deepMerge({ a: { kind: 'x', v: 1 } }, { a: { kind: 'y' } })).toEqual({ a: { kind: 'y' } });
  });
  it('the suggested linear shortcut goes with another topology; one the file or flags ask for stays (and is refused)', () => {
    const suggested = { ...defaults, model: { ...defaults.model, linearShortcut: true } };
    expect(mergeConfig(suggested, undefined, {}).model.linearShortcut).toBe(true);
    expect(mergeConfig(suggested, { model: { topology: 'encoder-decoder' } }, {}).model.linearShortcut).toBe(false);
    expect(mergeConfig(suggested, undefined, flagsToConfig({ topology: 'many-to-many' })).model.linearShortcut).toBe(false);
    const config = mergeConfig(suggested, { model: { topology: 'encoder-decoder', linearShortcut: true } }, {});
    expect(config.model.linearShortcut).toBe(true);
  });
  it('an invalid field in the file is reported with the file and the field path', () => {
    const err = thrown(() => mergeConfig(defaults, { train: { batchSize: 0 } }, {}, 'spec.json'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^spec\.json: train\.batchSize: /);
  });
});

describe('targetsOf', () => {
  it('takes --target, else the config file, else asks for it', () => {
    expect(targetsOf({ target: 'a, b' })).toEqual(['a', 'b']);
    expect(targetsOf({}, { series: { target: ['z'] } })).toEqual(['z']);
    expect(thrown(() => targetsOf({})).message).toMatch(/--target is required/);
  });
});

describe('features known in advance', () => {
  it('--known marks features known in advance and adds them to the features', () => {
    expect(flagsToConfig({ features: 'a', known: 'b' })).toMatchObject({ series: { features: ['a', 'b'], knownInAdvance: ['b'] } });
    const merged = mergeConfig(defaults, { series: { features: ['x', { column: 'flag', knownInAdvance: true }] } }, {});
    expect(merged.series.features).toEqual(['x', 'flag']);
    expect(merged.series.knownInAdvance).toEqual(['flag']);
  });

  it('a config file feature object with a misspelt key is refused with the form to use', () => {
    expect(thrown(() => mergeConfig(defaults, { series: { features: [{ column: 'flag', knowInAdvance: true }] } }, {}, 'spec.json')).message).toBe(
      'spec.json: series.features.0: a feature is a column name or { "column": NAME, "knownInAdvance": true }',
    );
  });
});
