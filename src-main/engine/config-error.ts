/** A run config the engine refuses (a model spec that does not validate, a window no segment fits), located by field path. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** The config field a person would change to fix it (the same as `where`). */
  get field(): string | undefined {
    return this.where;
  }
}
