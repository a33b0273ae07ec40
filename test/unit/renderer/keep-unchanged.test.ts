import { describe, expect, it } from 'vitest';
import { keepUnchanged } from '../../../src-renderer/src/lib/keep-unchanged';

interface Item {
  id: string;
  status: string;
  tags: string[];
}
const item = (id: string, status = 'completed', tags: string[] = []): Item => ({ id, status, tags });
const byId = (i: Item): string => i.id;

describe('keepUnchanged', () => {
  it('returns the held array itself when the fresh listing has the same items in the same order', () => {
    const held = [item('b'), item('a', 'running', ['x'])];
    const fresh = JSON.parse(JSON.stringify(held)) as Item[];
    expect(keepUnchanged(held, fresh, byId)).toBe(held);
  });

  it('keeps unchanged items by identity and takes the changed one from the fresh listing', () => {
    const held = [item('b', 'running'), item('a')];
    const fresh = [item('b', 'completed'), item('a')];
    const kept = keepUnchanged(held, fresh, byId);
    expect(kept).not.toBe(held);
    expect(kept[0]).toBe(fresh[0]);
    expect(kept[0].status).toBe('completed');
    expect(kept[1]).toBe(held[1]);
  });

  it('follows the fresh listing for added, removed and reordered items', () => {
    const held = [item('b'), item('a')];
    expect(keepUnchanged(held, [item('c'), item('b'), item('a')], byId).map(byId)).toEqual(['c', 'b', 'a']);
    const shorter = keepUnchanged(held, [item('a')], byId);
    expect(shorter.map(byId)).toEqual(['a']);
    expect(shorter[0]).toBe(held[1]);
    const reordered = keepUnchanged(held, [item('a'), item('b')], byId);
    expect(reordered).not.toBe(held);
    expect(reordered).toEqual([held[1], held[0]]);
  });

  it('sees a change deep inside an item', () => {
    const held = [item('a', 'completed', ['x'])];
    const kept = keepUnchanged(held, [item('a', 'completed', ['x', 'y'])], byId);
    expect(kept).not.toBe(held);
    expect(kept[0].tags).toEqual(['x', 'y']);
  });
});
