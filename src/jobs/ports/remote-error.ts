/**
 * A refused or failed request to a service the jobs call (the scheduler, the phone network).
 * `transient` ones (429, 5xx, no answer) are worth retrying; the rest will not pass by themselves.
 */
export class RemoteError extends Error {
  override readonly name: string = 'RemoteError';
  constructor(
    message: string,
    readonly status: number | undefined,
    /** The service's own error code (Hootsuite's 4001, Twilio's 21211). */
    readonly code: number | undefined,
    readonly retryAfterMs: number | undefined,
    /** The service's own words for it, if it gave any. */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** What people are shown: the status, the service's code and its words, none of them ours; empty when it did not answer. */
  get shown(): string {
    return this.status === undefined
      ? ''
      : [`HTTP ${this.status}`, this.code, this.detail].filter((x) => x !== undefined && x !== '').join(' · ');
  }

  get transient(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}
