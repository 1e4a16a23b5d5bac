import type { CrisisMessage } from '../domain/crisis.js';
import type { AlertRepo } from '../store/alert-repo.js';
import type { CrisisRepo, Tx } from '../store/crisis-repo.js';
import { triageMessages, type Changes } from './changes.js';

/**
 * What Slack did, as the jobs that called it report it, inside the transaction that completes
 * the job: recorded, and whatever follows from it filed through Changes. Jobs themselves file
 * nothing.
 */
export class SlackFacts {
  constructor(private readonly deps: { repo: CrisisRepo; alertRepo: AlertRepo; changes: Changes; clock: () => number }) {}

  /** Pages sent before the channel existed get its link; so does the alert that opened it. */
  channelCreated(tx: Tx, crisisId: number, channelId: string, name: string): void {
    const { repo, alertRepo, changes, clock } = this.deps;
    const now = clock();
    repo.setChannel(tx, crisisId, channelId, name);
    repo.addEvent(crisisId, now, null, { kind: 'channel', name });
    const pages = repo.pagesOf(crisisId, tx).filter((p) => p.dmTs !== null && !p.dmHasLink);
    // Every alert behind it, posted or not: a refresh waits in the alert's lane behind its post.
    const alerts = alertRepo.linkedTo(crisisId, tx);
    changes.report(tx, crisisId, { pages: pages.map((p) => p.id), ...triageMessages(alerts) }, now);
  }

  /**
   * A page's DM was posted or updated, with or without the channel's link. Without it, and the
   * channel has appeared meanwhile, the DM is rendered again.
   */
  pageDelivered(tx: Tx, pageId: number, channel: string, ts: string, withLink: boolean): void {
    const { repo, changes, clock } = this.deps;
    repo.markPageSent(tx, pageId, channel, ts, withLink);
    const page = repo.pageById(pageId);
    const crisis = page && repo.byId(page.crisisId);
    if (crisis && !withLink && crisis.channelId) changes.report(tx, crisis.id, { pages: [pageId] }, clock());
  }

  messagePosted(tx: Tx, message: CrisisMessage): void {
    this.deps.repo.setMessage(tx, message);
  }

  triagePosted(tx: Tx, alertId: number, channel: string, ts: string): void {
    this.deps.alertRepo.setMessage(tx, alertId, channel, ts);
  }

  /** The hand-off is in the customer-service channel: the triage message links to it. */
  handedOver(tx: Tx, alertId: number, link: string, now: number): void {
    const { alertRepo, changes } = this.deps;
    alertRepo.setHandoff(tx, alertId, link);
    const alert = alertRepo.byId(alertId, tx)!;
    changes.report(tx, alert.crisisId, triageMessages([alert]), now);
  }

  digestPosted(tx: Tx, digestId: number, channel: string, ts: string): void {
    this.deps.alertRepo.setDigestMessage(tx, digestId, channel, ts);
  }

  invitesRefused(crisisId: number, refused: readonly { user: string; reason: string }[]): void {
    this.deps.repo.addEvent(crisisId, this.deps.clock(), null, { kind: 'invite_failed', users: [...refused] });
  }
}
