import { OtasukeError } from '../../core/errors.js';

/**
 * Why an alert request was refused. `status` is the HTTP answer the route gives; the
 * code is stable (devices and their operators read it); nothing of a refused request is stored.
 */
export class AlertRejectedError extends OtasukeError {
  constructor(
    code: AlertRejectionCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(code, message, { userMessageKey: 'error.generic' });
  }
}

export type AlertRejectionCode =
  | 'ALERT_SOURCE_UNKNOWN'
  | 'ALERT_UNSIGNED'
  | 'ALERT_BAD_SIGNATURE'
  | 'ALERT_STALE'
  | 'ALERT_REPLAYED'
  | 'ALERT_TOO_LARGE'
  | 'ALERT_MALFORMED'
  | 'ALERT_SCHEMA'
  | 'ALERT_UNSUPPORTED_MEDIA';

/** An operator's mistake with sources (`npm run ops -- source …`): unknown source, bad contact … */
export class AlertSourceError extends OtasukeError {
  constructor(message: string) {
    super('ALERT_SOURCE_INVALID', message);
  }
}
