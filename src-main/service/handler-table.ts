/**
 * The shape every area module fills in: one async handler per contract method, receiving the
 * already-validated input. `HandlerTable` is a mapped type over the contract, so a method without a
 * handler (or a handler returning the wrong shape) is a compile error in service.ts.
 */
import type { z } from 'zod';
import type { MethodName, MethodOutput, Methods } from '../common/contract';

export type ParsedInput<M extends MethodName> = z.infer<Methods[M]['input']>;
export type Handler<M extends MethodName> = (input: ParsedInput<M>) => Promise<MethodOutput<M>>;
export type HandlerTable = { [M in MethodName]: Handler<M> };
/** The handlers one area module provides. */
export type Handlers<M extends MethodName> = Pick<HandlerTable, M>;
