/**
 * Fan-out of the service's push events to every connected adapter (IPC window, WebSocket clients,
 * tests). A listener that throws must not stop the others from hearing the event.
 */
import type { EventName, EventPayload } from '../common/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const stored = listener as unknown as Listener<EventName>;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`[service] a listener of ${event} threw:`, err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
