import { describe, expect, it } from 'vitest';
import { LatestRequest } from '../../../src-renderer/src/lib/latest-request';
import { sharedSubscription } from '../../../src-renderer/src/lib/shared-subscription';

describe('latest request wins', () => {
  it('keeps only the newest ticket current, and none after a cancel', () => {
    const requests = new LatestRequest();
    const first = requests.start();
    const second = requests.start();
    expect(first.current).toBe(false);
    expect(second.current).toBe(true);
    requests.cancel();
    expect(second.current).toBe(false);
  });
});

describe('shared subscription', () => {
  it('subscribes on the first holder and unsubscribes after the last, once each', () => {
    let subscribed = 0;
    let unsubscribed = 0;
    const acquire = sharedSubscription(() => {
      subscribed++;
      return [() => unsubscribed++];
    });
    const a = acquire();
    const b = acquire();
    expect(subscribed).toBe(1);
    a();
    a();
    expect(unsubscribed).toBe(0);
    b();
    expect(unsubscribed).toBe(1);
    acquire()();
    expect([subscribed, unsubscribed]).toEqual([2, 2]);
  });
});
