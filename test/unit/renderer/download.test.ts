import { describe, expect, it } from 'vitest';
import { base64OfDataUrl, bytesOfBase64, safeFileName } from '../../../src-renderer/src/lib/download';

describe('download helpers', () => {
  it('takes the base64 payload of a PNG data URL and decodes it to bytes', () => {
    const b64 = base64OfDataUrl('data:image/png;base64,iVBORw0K');
    expect(b64).toBe('iVBORw0K');
    expect(Array.from(bytesOfBase64(b64).slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
  it('refuses a data URL that is not base64', () => {
    expect(() => base64OfDataUrl('data:image/svg+xml;charset=utf-8,<svg/>')).toThrow(/base64 data: URL/);
  });
  it('makes file names without path separators or markup', () => {
    expect(safeFileName('../LSTM <img src=x> run/1', 'png')).toBe('LSTM-img-src-x-run-1.png');
    expect(safeFileName('///', 'csv')).toBe('export.csv');
    expect(safeFileName('RNN · cell comparison (re-run)-predictions', 'csv')).toBe('RNN-cell-comparison-re-run-predictions.csv');
  });
});
