/**
 * A fresh listing with every item that did not change replaced by the one already held, and the
 * held array itself when nothing changed at all. Views render from identities: a refresh that finds
 * nothing new then re-renders nothing, and one changed run re-renders only what shows that run.
 */
export function keepUnchanged<T extends object>(held: readonly T[], fresh: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map(held.map((item) => [key(item), item]));
  let changed = held.length !== fresh.length;
  const kept = fresh.map((item, i) => {
    const before = byKey.get(key(item));
    const same = before !== undefined && serialized(before) === serialized(item);
    if (!same || held[i] !== before) changed = true;
    return same ? before : item;
  });
  return changed ? kept : (held as T[]);
}

// Items are plain JSON from the backend; an item held is compared at every refresh, so its text is kept.
const texts = new WeakMap<object, string>();
function serialized(item: object): string {
  let text = texts.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    texts.set(item, text);
  }
  return text;
}
