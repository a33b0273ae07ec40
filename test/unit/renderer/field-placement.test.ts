/**
 * A backend error that names its `field` is placed next to that input, in the view whose form has
 * it: the mapping from error to field and view, the error crossing the transport with its field,
 * and the config store holding it at the field until the configuration is edited.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { apiError, parseInput, StudioError } from '../../../src-main/common/contract';
import { provideApi } from '../../../src-renderer/src/api/api-plugin';
import type { StudioClient } from '../../../src-renderer/src/api/client';
import { toStudioError } from '../../../src-renderer/src/api/errors';
import { defaultRunConfig } from '../../../src-renderer/src/lib/default-config';
import { fieldErrorOf, viewOfField } from '../../../src-renderer/src/lib/field-errors';
import { useAppStore } from '../../../src-renderer/src/stores/app';
import { useConfigStore } from '../../../src-renderer/src/stores/config';

describe('placing backend errors by field', () => {
  it('maps an error with a field to that config path, and one without to nothing', () => {
    expect(fieldErrorOf({ message: 'too long', field: 'window.lookback' })).toEqual({ path: 'window.lookback', message: 'too long' });
    expect(fieldErrorOf({ message: 'no such column', field: 'series.target[0]' })).toEqual({ path: 'series.target.0', message: 'no such column' });
    expect(fieldErrorOf({ message: 'disk full' })).toBeNull();
  });

  it('finds the view whose form has the field', () => {
    expect(viewOfField('series.transforms')).toBe('data');
    expect(viewOfField('window.lookback')).toBe('data');
    expect(viewOfField('model.layers.0.units')).toBe('model');
    expect(viewOfField('train.optimizer.lr')).toBe('train');
    expect(viewOfField('config.train.epochs')).toBe('train');
    expect(viewOfField('datasetId')).toBeNull();
  });

  it('keeps the field across the wire: ApiError frames, IPC text and StudioErrors', () => {
    const frame = apiError('bad_input', 'lookback 500 is longer than the data', 'window.lookback', 'window.lookback').toJSON();
    expect(frame.field).toBe('window.lookback');
    expect(toStudioError(frame).field).toBe('window.lookback');
    const ipc = new Error(`Error invoking remote method 'jobs.start': ${JSON.stringify(frame)}`);
    expect(toStudioError(ipc).field).toBe('window.lookback');
    expect(toStudioError(new StudioError('internal', 'x')).field).toBeUndefined();
  });

  it('names the config field when a request’s configuration fails the contract', () => {
    let thrown: unknown;
    try {
      const config = defaultRunConfig('value');
      config.train.epochs = 0;
      parseInput('jobs.start', { datasetId: 'ds-1', config });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StudioError);
    expect((thrown as StudioError).field).toBe('train.epochs');
    expect((thrown as StudioError).where).toBe('config.train.epochs');
  });
});

describe('the config store with a reported field error', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', { localStorage: { getItem: () => null, setItem: () => undefined }, location: { hash: '' } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows it at the field and blocks training until the configuration is edited', async () => {
    const client = {
      desktop: null,
      host: 'browser',
      call: vi.fn(async () => ({ ok: true, errors: [] })),
      on: () => () => undefined,
      onConnectionChange: () => () => undefined,
      onMenuCommand: () => () => undefined,
      close: () => undefined,
    } as unknown as StudioClient;
    const pinia = createPinia();
    provideApi(pinia, client);
    setActivePinia(pinia);
    const config = useConfigStore();
    const app = useAppStore();

    const shown = app.report(apiError('bad_input', 'window.lookback: the test segment has no complete windows', 'window.lookback', 'window.lookback'), 'Starting training');
    expect(shown.field).toBe('window.lookback');
    expect(config.errorsFor('window.lookback').map((e) => e.message)).toEqual(['window.lookback: the test segment has no complete windows']);
    expect(config.errorsFor('model')).toEqual([]);
    expect(config.valid).toBe(false);

    // An error naming no field stays in the error area only.
    app.report(new Error('the disk is full'), 'Saving');
    expect(config.errors).toHaveLength(1);

    config.config.window.lookback = 4;
    await nextTick();
    expect(config.errorsFor('window.lookback')).toEqual([]);
    expect(config.valid).toBe(true);
  });
});
