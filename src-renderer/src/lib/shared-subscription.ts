/**
 * One backend subscription however many views want it: the first `acquire()` subscribes, the last
 * release unsubscribes.
 */
export function sharedSubscription(subscribe: () => Array<() => void>): () => () => void {
  let holders = 0;
  let unsubscribers: Array<() => void> = [];
  return function acquire() {
    holders += 1;
    if (holders === 1) unsubscribers = subscribe();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holders -= 1;
      if (holders === 0) {
        unsubscribers.forEach((off) => off());
        unsubscribers = [];
      }
    };
  };
}
