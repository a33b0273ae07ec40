// The backend service: one implementation of the API contract that every host wraps.
export { createStudioService, type StudioService, type StudioServiceOptions } from './service';
export { createInMemoryClient } from './in-memory-client';
