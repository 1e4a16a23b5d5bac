import type { CrisisMessage } from '../domain/crisis.js';
import { itemVersion } from '../domain/responses.js';
import { postQaPart } from '../jobs/learning.js';
import type { SlackFacts } from '../jobs/ports/reports.js';
import type { Tx } from '../store/db.js';
import { triageMessages } from './changes.js';
import type { ServiceDeps } from './deps.js';

/**
 * A channel appearing and a page delivered without its link each look for the other: on
 * PostgreSQL two such transactions, each writing its own row and reading the other's, would both
 * miss the other (and the DM would never get the link) unless one waits for the other.
 */
const linkTopic = (crisisId: number) => `channel-link:${crisisId}`;

/**
 * What Slack did, as the jobs that called it report it, inside the transaction that completes
 * the job: recorded, and whatever follows from it filed through Changes. Jobs themselves file
 * nothing.
 */
export class SlackFactRecorder implements SlackFacts {
  constructor(private readonly deps: Pick<ServiceDeps, 'store' | 'outbox' | 'changes' | 'clock'>) {}

  /** Pages sent before the channel existed get its link; so does the alert that opened it. */
  async channelCreated(tx: Tx, crisisId: number, channelId: string, name: string): Promise<void> {
    const { store, changes, clock } = this.deps;
    const now = clock();
    await store.serialize(tx, linkTopic(crisisId));
    await store.crises.setChannel(tx, crisisId, channelId, name);
    await store.timeline.add(tx, crisisId, now, null, { kind: 'channel', name });
    const pages = (await store.pages.of(crisisId, tx)).filter((p) => p.dmTs !== null && !p.dmHasLink);
    const freezeRequests = await store.freezes.requestsWithoutLink(crisisId, tx);
    // Every alert behind it, posted or not: a refresh waits in the alert's lane behind its post.
    const alerts = await store.alerts.linkedTo(crisisId, tx);
    await changes.report(tx, crisisId, { pages: pages.map((p) => p.id), freezeRequests, ...triageMessages(alerts) }, now);
  }

  /**
   * A page's DM was posted or updated, with or without the channel's link. Without it, and the
   * channel has appeared meanwhile, the DM is rendered again.
   */
  async pageDelivered(tx: Tx, pageId: number, channel: string, ts: string, withLink: boolean): Promise<void> {
    const { store, changes, clock } = this.deps;
    const sent = await store.pages.byId(pageId, tx);
    if (sent) await store.serialize(tx, linkTopic(sent.crisisId));
    await store.pages.markSent(tx, pageId, channel, ts, withLink);
    const page = await store.pages.byId(pageId, tx);
    const crisis = page && (await store.crises.byId(page.crisisId, tx));
    if (crisis && !withLink && crisis.channelId) await changes.report(tx, crisis.id, { pages: [pageId] }, clock());
  }

  /** As pageDelivered, for an owner's freeze request: without the link, and the channel is there by now, it is rendered again. */
  async freezeAsked(tx: Tx, freezeId: number, user: string, channel: string, ts: string, withLink: boolean): Promise<void> {
    const { store, changes, clock } = this.deps;
    const freeze = await store.freezes.byId(freezeId, tx);
    if (!freeze) return;
    await store.serialize(tx, linkTopic(freeze.crisisId));
    await store.freezes.requestSent(tx, { freezeId, userId: user, dmChannel: channel, dmTs: ts, hasLink: withLink });
    const crisis = await store.crises.byId(freeze.crisisId, tx);
    if (crisis && !withLink && crisis.channelId)
      await changes.report(tx, crisis.id, { freezeRequests: [{ freezeId, userId: user }] }, clock());
  }

  async messagePosted(tx: Tx, message: CrisisMessage): Promise<void> {
    await this.deps.store.messages.set(tx, message);
  }

  /** Changed while it was being posted (claimed, answered): the message is brought up to date. */
  async responsePosted(tx: Tx, responseId: number, channel: string, ts: string, version: string): Promise<void> {
    const { store, changes, clock } = this.deps;
    await store.responses.setMessage(tx, responseId, channel, ts);
    const item = await store.responses.byId(responseId, tx);
    if (item && itemVersion(item) !== version) await changes.report(tx, item.crisisId, { responses: [responseId] }, clock());
  }

  async debriefFileShared(tx: Tx, crisisId: number, version: number, target: 'crisis' | 'archive', fileId: string): Promise<void> {
    await this.deps.store.debriefs.fileShared(tx, crisisId, version, target, fileId);
  }

  async triagePosted(tx: Tx, alertId: number, channel: string, ts: string): Promise<void> {
    await this.deps.store.alerts.setMessage(tx, alertId, channel, ts);
  }

  /** The hand-off is in the customer-service channel: the triage message links to it. */
  async handedOver(tx: Tx, alertId: number, link: string, now: number): Promise<void> {
    const { store, changes } = this.deps;
    await store.alerts.setHandoff(tx, alertId, link);
    const alert = (await store.alerts.byId(alertId, tx))!;
    await changes.report(tx, alert.crisisId, triageMessages([alert]), now);
  }

  async digestPosted(tx: Tx, digestId: number, channel: string, ts: string): Promise<void> {
    await this.deps.store.alerts.setDigestMessage(tx, digestId, channel, ts);
  }

  async invitesRefused(tx: Tx, crisisId: number, refused: readonly { user: string; reason: string }[]): Promise<void> {
    await this.deps.store.timeline.add(tx, crisisId, this.deps.clock(), null, { kind: 'invite_failed', users: [...refused] });
  }

  /** Parts of the Q&A beyond the first message, posted in its thread, each once. */
  async qaPartsMissing(tx: Tx, crisisId: number, parts: readonly number[], now: number): Promise<void> {
    for (const part of parts) await this.deps.outbox.enqueue(tx, postQaPart, { crisisId, payload: { part }, runAt: now });
  }
}
