/**
 * A configuration problem the operator must fix before the bot can run. The message is one
 * line naming the culprit (variable, file and line, or field) and never contains a secret.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
