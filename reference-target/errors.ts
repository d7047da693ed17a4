// Error classes with stable codes, so callers branch on `code` and messages stay free of secrets.

export type RefErrorCode = 'REF_SETTINGS_INVALID' | 'REF_FAULT_SPEC_INVALID' | 'REF_DB_UNAVAILABLE';

export class RefTargetError extends Error {
  readonly code: RefErrorCode;
  /** The message without the code prefix, for wrapping in another error's message. */
  readonly detail: string;

  constructor(code: RefErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'RefTargetError';
    this.code = code;
    this.detail = message;
  }
}

export class SettingsError extends RefTargetError {
  constructor(message: string) {
    super('REF_SETTINGS_INVALID', message);
  }
}

export class FaultSpecError extends RefTargetError {
  constructor(message: string) {
    super('REF_FAULT_SPEC_INVALID', message);
  }
}

export class DatabaseUnavailableError extends RefTargetError {
  readonly elapsedMs: number;

  constructor(elapsedMs: number) {
    super('REF_DB_UNAVAILABLE', `database connection timed out after ${Math.round(elapsedMs)} ms`);
    this.elapsedMs = elapsedMs;
  }
}
