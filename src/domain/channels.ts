/** A channel the plan names that the bot cannot post to: what /healthz and the logs name. */
export interface ShutOut {
  /** The plan's key that names it (`alerts.channel` …). */
  readonly field: string;
  readonly channel: string;
  readonly name: string | undefined;
  /** What Slack answered (`not_in_channel`, `channel_not_found`, `is_archived`). */
  readonly error: string;
  readonly since: number;
}
