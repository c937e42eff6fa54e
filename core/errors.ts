import type { MessageKey } from './i18n/t.js';

/**
 * Base of every error the project throws on purpose. Code paths branch on
 * `code` (or the subclass), never on `message`, so messages can be reworded
 * and translated freely.
 */
export class OtasukeError extends Error {
  /** Stable, machine-readable code, e.g. `CASE_ILLEGAL_TRANSITION`. */
  readonly code: string;
  /** Key into the user-facing message catalogue (core/i18n/ja.ts, en.ts); a typo is a compile error. */
  readonly userMessageKey: MessageKey;

  constructor(code: string, message: string, options: { cause?: unknown; userMessageKey?: MessageKey } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessageKey = options.userMessageKey ?? 'error.generic';
  }
}

/** Raised when the environment does not describe a runnable bot. */
export class ConfigError extends OtasukeError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** An optional capability a chat adapter does not have (e.g. forms on the console). */
export class NotSupportedError extends OtasukeError {
  constructor(capability: string, adapter: string) {
    super('NOT_SUPPORTED', `${adapter} does not support ${capability}`, { userMessageKey: 'error.notSupported' });
  }
}

/** The HTTP port is taken (another bot, often the playground, already listens on it). */
export class PortInUseError extends OtasukeError {
  constructor(
    readonly host: string,
    readonly port: number,
    cause?: unknown,
  ) {
    super('PORT_IN_USE', `HTTP port ${host}:${port} is already in use`, { cause, userMessageKey: 'startup.portBusy' });
  }
}

/**
 * Normalises anything thrown into an OtasukeError once, at the edge (adapter or
 * worker), so logging and user replies handle one shape.
 */
export function toOtasukeError(err: unknown): OtasukeError {
  if (err instanceof OtasukeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new OtasukeError('INTERNAL', message, { cause: err });
}
