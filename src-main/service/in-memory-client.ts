/**
 * A StudioApi over a service in the same process that behaves like a real transport: every input,
 * output, event payload and error is serialised to JSON text and parsed back, exactly as it would
 * be over IPC or a WebSocket. Tests use it so "works in-process but not over the wire" bugs
 * (undefined vs missing, NaN → null, class instances, typed arrays) surface here first.
 */
import {
  ApiError,
  StudioError,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StudioApi,
} from '../common/contract';

function overTheWire<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

function errorOverTheWire(err: unknown): StudioError {
  const frame = err instanceof StudioError ? err.toJSON() : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
  const parsed = ApiError.parse(overTheWire(frame));
  return new StudioError(parsed.code, parsed.message, parsed.where, parsed.field);
}

export function createInMemoryClient(service: StudioApi): StudioApi {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      let output: MethodOutput<M>;
      try {
        output = await service.call(method, overTheWire(input));
      } catch (err) {
        throw errorOverTheWire(err);
      }
      return overTheWire(output);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return service.on(event, (payload) => listener(overTheWire(payload)));
    },
  };
}
