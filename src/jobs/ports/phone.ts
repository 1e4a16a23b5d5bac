import { RemoteError } from './remote-error.js';

// The phone network (Twilio) as the call and text jobs use it. Implemented by its client
// (twilio/client.ts); undefined in the jobs' context when no Twilio account is configured.

/** What the network answered: its id for the call or text, and its status then. */
export interface Placed {
  readonly sid: string;
  readonly status: string;
  /** `human`, `machine`…: known once answered, when machine detection was asked for. */
  readonly answeredBy?: string | null;
}

export interface Phone {
  /** Rings `to`; the network fetches what to say for attempt `attemptId` from the bot. */
  call(attemptId: number, to: string): Promise<Placed>;
  /** Sends `body` to `to` as a text message. */
  text(attemptId: number, to: string, body: string): Promise<Placed>;
  /**
   * A call (or a text with this `body`) the bot placed to `to` at `since` or later whose id is
   * not `taken` by another attempt: the one a try cut short by a crash placed, which the retry
   * adopts instead of placing it again.
   */
  findCall(to: string, since: number, taken: (sids: readonly string[]) => Promise<Set<string>>): Promise<Placed | undefined>;
  findText(to: string, since: number, body: string, taken: (sids: readonly string[]) => Promise<Set<string>>): Promise<Placed | undefined>;
  /**
   * How a call ended, as the network has it: its final status, and who answered when it can
   * tell. Rejects with a transient PhoneError while the call is still going.
   */
  callEnded(sid: string): Promise<Placed & { readonly answeredBy: string | null }>;
}

/** A refused or failed request to the phone network (see RemoteError). */
export class PhoneError extends RemoteError {
  override readonly name: string = 'PhoneError';
}
