import { describe, expect, it } from 'vitest';
import { BackendInfo } from '../../../src-main/engine/spec';
import { cli } from './harness';

describe('rnn-studio doctor', () => {
  it('reports the active backend and whether native TensorFlow is available (and why not)', async () => {
    const json = await cli(['doctor', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { backend: unknown; native: { available: boolean; reason?: string; tensorflowVersion?: string }; cores: number };
    const backend = BackendInfo.parse(report.backend);
    expect(report.cores).toBeGreaterThan(0);
    if (report.native.available) expect(report.native.tensorflowVersion).toMatch(/^\d+\.\d+/);
    else expect(report.native.reason).toBeTruthy();
    if (backend.native) expect(backend.name).toBe('tensorflow');

    const forced = await cli(['doctor'], { RNN_STUDIO_BACKEND: 'cpu' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^backend: cpu \(native (not selected|unavailable: .+)\)$/m);
    expect(forced.stdout).toMatch(/^native TensorFlow: (available|unavailable — .+)/m);
    expect(forced.stdout).toMatch(/RNN_STUDIO_BACKEND=cpu forces the backend/);
  });
});
