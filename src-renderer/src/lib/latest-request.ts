/**
 * "Latest request wins": answers can arrive out of order, and only the newest request of a kind may
 * write its result. `start()` hands out a ticket; a ticket stops being current once a newer one is
 * started or the kind is cancelled.
 */
export interface Ticket {
  readonly current: boolean;
}

export class LatestRequest {
  private newest = 0;

  start(): Ticket {
    const mine = ++this.newest;
    const isNewest = (): boolean => this.newest === mine;
    return {
      get current() {
        return isNewest();
      },
    };
  }

  /** No answer in flight may be applied any more. */
  cancel(): void {
    this.newest++;
  }
}
