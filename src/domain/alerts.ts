import { createHash } from 'node:crypto';
import type { Severity } from '../config/severity.js';

/** An alert from any sender (a monitoring tool, a listening export), in the one shape the service handles. */
export interface IncomingAlert {
  readonly title: string;
  readonly severity: Severity;
  readonly source: string;
  readonly summary: string | undefined;
  readonly url: string | undefined;
  readonly fingerprint: string;
  readonly metrics: Record<string, unknown> | undefined;
  readonly resolved: boolean;
}

/** triage → opened | customer_service | dismissed; `opened` also when it opened a crisis at once. */
/** `added`: to a crisis already open, instead of opening a second one. */
export type AlertState = 'triage' | 'opened' | 'added' | 'customer_service' | 'dismissed';

/** An alert as recorded, with what was decided about it and where its triage message is. */
export interface Alert {
  readonly id: number;
  readonly fingerprint: string;
  readonly source: string;
  readonly title: string;
  readonly severity: Severity;
  readonly summary: string | null;
  readonly url: string | null;
  /** The sender's figures, as JSON. */
  readonly metrics: string | null;
  readonly state: AlertState;
  readonly crisisId: number | null;
  readonly receivedAt: number;
  readonly seenCount: number;
  readonly lastSeenAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly resolvedAt: number | null;
  readonly channel: string | null;
  readonly ts: string | null;
  /** The digest it is shown in, when it came during a storm (then it has no message of its own). */
  readonly digestId: number | null;
  /** Handed to customer service: the link to the hand-off in their channel, once posted. */
  readonly handoffLink: string | null;
}

/** Alerts grouped into one message in the alerts channel while its posts were backed up. */
export interface TriageDigest {
  readonly id: number;
  readonly openedAt: number;
  /** Alerts grouped after this go into the next digest. */
  readonly closesAt: number;
  readonly channel: string | null;
  readonly ts: string | null;
}

/** What a sender that names no source is recorded as; shown in the team's words ("unknown"). */
export const UNKNOWN_SOURCE = 'unknown';

/** Without a fingerprint, the same source and title are the same alert. */
export function deriveFingerprint(source: string, title: string): string {
  return createHash('sha256').update(`${source.toLowerCase()}\n${title.toLowerCase()}`).digest('hex').slice(0, 32);
}

/** critical → sev1, warning → sev2, sev1–sev3 as given, anything else → sev3. */
export function mapAlertmanagerSeverity(label: string | undefined): Severity {
  const value = (label ?? '').toLowerCase();
  if (value === 'sev1' || value === 'sev2' || value === 'sev3') return value;
  if (value === 'critical') return 'sev1';
  if (value === 'warning') return 'sev2';
  return 'sev3';
}
