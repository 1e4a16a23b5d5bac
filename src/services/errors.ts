import type { Refusal } from '../domain/refusals.js';

/** A refusal or a mistake the caller can fix; the listener renders it for them (views/answers). */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}
