/** A refusal or a mistake the caller can fix: the message is safe to show them as it is. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
