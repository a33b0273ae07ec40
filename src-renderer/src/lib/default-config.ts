import { RunConfig } from '@engine-spec/index';

/** A small, sensible starting point used until the engine suggests one for the opened dataset. */
export function defaultRunConfig(target = 'value'): RunConfig {
  return RunConfig.parse({
    series: { target: [target] },
    window: { lookback: 24, horizon: 1 },
    model: { cell: 'lstm', layers: [{ units: 32 }] },
    train: { epochs: 20, batchSize: 64 },
  });
}
