/**
 * The training worker's message protocol, version 1: the same messages under Electron's
 * utilityProcess and Node's child_process.fork. Both sides validate everything they receive.
 */
import { z } from 'zod';
import { BackendInfo, RunConfig, RunStatus, RunSummary, TrainingEvent } from '../engine/spec';

export const PROTOCOL_VERSION = 1;
const Protocol = z.literal(PROTOCOL_VERSION);

// parent → worker
export const StartMessage = z.object({
  protocol: Protocol,
  type: z.literal('start'),
  /** The run's folder: created here when it holds no run.json, continued when the parent created it. */
  runDir: z.string().min(1),
  dataPath: z.string().min(1),
  config: RunConfig,
  /** Recorded on a run the worker creates. */
  name: z.string().optional(),
  group: z.string().optional(),
});
export const PauseMessage = z.object({ protocol: Protocol, type: z.literal('pause') });
export const ResumeMessage = z.object({ protocol: Protocol, type: z.literal('resume') });
export const StopMessage = z.object({ protocol: Protocol, type: z.literal('stop') });
export const ParentMessage = z.discriminatedUnion('type', [StartMessage, PauseMessage, ResumeMessage, StopMessage]);
export type ParentMessage = z.infer<typeof ParentMessage>;
export type StartMessage = z.infer<typeof StartMessage>;

// worker → parent
export const HelloMessage = z.object({ protocol: Protocol, type: z.literal('hello'), pid: z.number().int(), backend: BackendInfo });
export const EventMessage = z.object({ protocol: Protocol, type: z.literal('event'), event: TrainingEvent });
export const HeartbeatMessage = z.object({ protocol: Protocol, type: z.literal('heartbeat'), at: z.number() });
export const DoneMessage = z.object({
  protocol: Protocol,
  type: z.literal('done'),
  status: RunStatus,
  summary: RunSummary.optional(),
  message: z.string().optional(),
});
export const WorkerErrorCode = z.enum(['bad_input', 'internal']);
export type WorkerErrorCode = z.infer<typeof WorkerErrorCode>;
export const ErrorMessage = z.object({
  protocol: Protocol,
  type: z.literal('error'),
  message: z.string(),
  /** bad_input: the data or config is wrong and the user can fix it; internal: anything else. */
  code: WorkerErrorCode.optional(),
  /** Where: file/row/column for data problems, a field path for config problems. */
  where: z.string().optional(),
  /** The engine's specific error code (DataError.code), when there is one. */
  detail: z.string().optional(),
  /** The config field a person would change to fix it (`window.lookback`, `series.target.0`), for bad_input. */
  field: z.string().optional(),
});
export const WorkerMessage = z.discriminatedUnion('type', [HelloMessage, EventMessage, HeartbeatMessage, DoneMessage, ErrorMessage]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
export type HelloMessage = z.infer<typeof HelloMessage>;
export type DoneMessage = z.infer<typeof DoneMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;

type Unversioned<T> = T extends unknown ? Omit<T, 'protocol'> : never;

/** Stamps the protocol version on an outgoing message. */
export function message<T extends ParentMessage | WorkerMessage>(body: Unversioned<T>): T {
  return { protocol: PROTOCOL_VERSION, ...body } as T;
}

/** Parses an incoming message, saying which field is wrong (or that the other side speaks another version). */
export function parseMessage<S extends typeof ParentMessage | typeof WorkerMessage>(
  schema: S,
  raw: unknown,
): { ok: true; message: z.infer<S> } | { ok: false; error: string } {
  const version = (raw as { protocol?: unknown } | null)?.protocol;
  if (version !== PROTOCOL_VERSION) {
    return { ok: false, error: `protocol version ${JSON.stringify(version)} is not supported (this side speaks ${PROTOCOL_VERSION})` };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data as z.infer<S> };
  const issue = result.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
}

export const HEARTBEAT_INTERVAL_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 5000;
