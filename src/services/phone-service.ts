import { e164 } from '../config/phone.js';
import type { Crisis, Page } from '../domain/crisis.js';
import {
  afterUnansweredCall,
  callOutcome,
  isFinalCallStatus,
  isFinalTextStatus,
  stillUnanswered,
  textOutcome,
  type PhoneAttempt,
  type PhoneCause,
} from '../domain/phone.js';
import type { Placed } from '../jobs/ports/phone.js';
import type { PhoneFacts } from '../jobs/ports/reports.js';
import { checkCall, phoneDue, placeCall, sendText } from '../jobs/phone.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import type { Actor } from './people.js';

/**
 * When a placed call is looked up in case its end was never heard of: after its ringing (40 s),
 * the message, two chances at the key and the goodbye. Later for a longer call (see checkCall).
 */
export const CHECK_CALL_AFTER_MS = 3 * 60_000;

/** What a call says, decided from what is recorded when Twilio asks (see twilio/routes). */
export type CallScript =
  /** Ask for the key 1. */
  | { readonly kind: 'ask'; readonly crisis: Crisis; readonly page: Page }
  /** A machine answered: say what it is about, ask for nothing. */
  | { readonly kind: 'voicemail'; readonly crisis: Crisis }
  /** Nothing to answer any more (acknowledged meanwhile, the crisis closed, a call the bot does not know). */
  | { readonly kind: 'nothing'; readonly crisis: Crisis | undefined };

/** What a key on a call came to. */
export type KeyResult =
  | { readonly kind: 'acknowledged'; readonly crisis: Crisis }
  | { readonly kind: 'wrong_key'; readonly crisis: Crisis; readonly page: Page }
  | { readonly kind: 'nothing'; readonly crisis: Crisis | undefined };

/** What a reply to a text came to. */
export type TextReply =
  | { readonly kind: 'acknowledged'; readonly crises: readonly Crisis[] }
  | { readonly kind: 'not_one' }
  | { readonly kind: 'nothing_waiting' };

export interface PhoneServiceDeps extends ServiceDeps {
  /** The same acknowledgement as the Slack button (services/clicks). */
  acknowledge(pageId: number, actor: Actor, via: 'phone' | 'text'): Promise<unknown>;
  /** Whether a Twilio account is configured. */
  readonly phoneOn: boolean;
}

/**
 * Pages that reach the phone: the stage's phone_after, Do Not Disturb, calling again, the text
 * after the first unanswered call, `/crisis call`, and what Twilio reports. Each decision is a
 * phone_attempts row filed with its job in one transaction; the row's (page, kind, attempt) key
 * makes two paths (or two instances) deciding the same call decide it once.
 */
export class PhoneService implements PhoneFacts {
  constructor(private readonly deps: PhoneServiceDeps) {}

  /** The deadline of call `attempt` of a page: placed if the page still wants an answer. */
  async onDue(tx: Tx, pageId: number, attempt: number): Promise<void> {
    const state = await this.pageState(tx, pageId);
    if (!state) return;
    await this.decideCall(tx, state.page, attempt, 'timer', null, this.deps.clock());
  }

  async dndPaused(tx: Tx, pageId: number): Promise<void> {
    const state = await this.pageState(tx, pageId);
    if (!state) return;
    // Only the first call is brought forward; a call already decided stands.
    if ((await this.deps.store.phone.ofPage(pageId, tx)).some((a) => a.kind === 'call')) return;
    await this.decideCall(tx, state.page, 1, 'dnd', null, this.deps.clock());
  }

  /** `/crisis call @person`: anyone paged in the crisis may call anyone paged in it. */
  async callNow(crisis: Crisis, actor: Actor, userId: string): Promise<void> {
    const { store, plan, clock } = this.deps;
    if (!this.deps.phoneOn) throw new UserError({ code: 'phone_off' });
    if (crisis.drill) throw new UserError({ code: 'drill_no_phone' });
    const now = clock();
    await store.transaction(async (tx) => {
      const current = (await store.crises.byId(crisis.id, tx))!;
      if (current.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      const pages = await store.pages.of(crisis.id, tx);
      if (!pages.some((p) => p.userId === actor.id)) throw new UserError({ code: 'caller_not_paged' });
      const page = pages.find((p) => p.userId === userId && p.ackedAt === null) ?? pages.find((p) => p.userId === userId);
      if (!page) throw new UserError({ code: 'callee_not_paged', user: userId });
      if (page.ackedAt !== null) throw new UserError({ code: 'already_acknowledged', user: userId });
      if (!e164(plan.roster.find((m) => m.slackId === userId)?.phone)) throw new UserError({ code: 'no_phone_number', user: userId });
      const attempts = await store.phone.ofPage(page.id, tx);
      if (attempts.some((a) => a.kind === 'call' && a.outcome === null)) throw new UserError({ code: 'already_calling', user: userId });
      const next = Math.max(0, ...attempts.filter((a) => a.kind === 'call').map((a) => a.attempt)) + 1;
      await this.decideCall(tx, page, next, 'manual', actor.id, now);
    });
    this.deps.kick();
  }

  async placed(tx: Tx, attemptId: number, placed: Placed): Promise<void> {
    const attempt = (await this.deps.store.phone.byId(attemptId, tx))!;
    if (!(await this.adopt(tx, attempt, placed))) return;
    // Found after a crash, already over: its callbacks went to nobody.
    if (attempt.kind === 'call' && isFinalCallStatus(placed.status))
      await this.callEvent(tx, { ...attempt, sid: placed.sid }, placed.status, placed.answeredBy ?? null, this.deps.clock());
  }

  /**
   * Twilio's SID for an attempt, first heard of (the answer to the create, or a callback before
   * it): recorded once, whichever comes first. False when it was recorded already.
   */
  private async adopt(tx: Tx, attempt: PhoneAttempt, placed: Placed): Promise<boolean> {
    const { store, changes } = this.deps;
    if (!(await store.phone.placed(tx, attempt.id, placed.sid, placed.status))) return false;
    const page = (await store.pages.byId(attempt.pageId, tx))!;
    const now = this.deps.clock();
    const event =
      attempt.kind === 'call'
        ? { kind: 'called' as const, member: page.memberName, attempt: attempt.attempt, cause: attempt.cause }
        : { kind: 'texted' as const, member: page.memberName };
    await store.timeline.add(tx, attempt.crisisId, now, attempt.requestedBy, event);
    await changes.report(tx, attempt.crisisId, { summary: true }, now);
    if (attempt.kind === 'call')
      await this.deps.outbox.enqueue(tx, checkCall, {
        crisisId: attempt.crisisId,
        payload: { attemptId: attempt.id },
        runAt: now + CHECK_CALL_AFTER_MS,
      });
    return true;
  }

  async refused(tx: Tx, attemptId: number, reason: string): Promise<void> {
    const { store, changes, log } = this.deps;
    const attempt = (await store.phone.byId(attemptId, tx))!;
    const now = this.deps.clock();
    if (!(await store.phone.end(tx, attemptId, 'refused', now))) return;
    const page = (await store.pages.byId(attempt.pageId, tx))!;
    log.warn({ crisis: attempt.crisisId, attempt: attemptId, kind: attempt.kind, reason }, 'Twilio refused a call or a text');
    await store.timeline.add(tx, attempt.crisisId, now, null, {
      kind: 'phone_refused',
      member: page.memberName,
      what: attempt.kind,
      reason,
    });
    await changes.report(tx, attempt.crisisId, { summary: true }, now);
    // A call that could not be placed is a call unanswered: the text may still reach them.
    if (attempt.kind === 'call') await this.afterUnanswered(tx, attempt, now);
  }

  async notPlaced(tx: Tx, attemptId: number, why: 'answered' | 'no_account'): Promise<void> {
    await this.deps.store.phone.end(tx, attemptId, why === 'answered' ? 'canceled' : 'refused', this.deps.clock());
  }

  /** A call's status callback. False when this attempt is not the call Twilio names. */
  async callStatus(attemptId: number, r: { sid: string; status: string; answeredBy: string | null }): Promise<boolean> {
    const { store, clock } = this.deps;
    const now = clock();
    return store.transaction(async (tx) => {
      const attempt = await this.attemptFor(tx, attemptId, 'call', r.sid);
      if (!attempt) return false;
      await this.callEvent(tx, attempt, r.status, r.answeredBy, now);
      return true;
    });
  }

  async callOver(tx: Tx, attemptId: number, status: string, answeredBy: string | null): Promise<void> {
    const attempt = (await this.deps.store.phone.byId(attemptId, tx))!;
    await this.callEvent(tx, attempt, status, answeredBy, this.deps.clock());
  }

  /** A status of a call, once each; a final one ends it and decides what follows. */
  private async callEvent(tx: Tx, attempt: PhoneAttempt, status: string, answeredBy: string | null, now: number): Promise<void> {
    const { store, changes } = this.deps;
    if (!(await store.phone.event(tx, attempt.id, status, now))) return;
    await store.phone.setStatus(tx, attempt.id, status, answeredBy);
    if (!isFinalCallStatus(status)) return;
    const outcome = callOutcome(status, answeredBy ?? attempt.answeredBy);
    // Acknowledged by key before the call ended: that outcome stands.
    if (!(await store.phone.end(tx, attempt.id, outcome, now))) return;
    const page = (await store.pages.byId(attempt.pageId, tx))!;
    await store.timeline.add(tx, attempt.crisisId, now, null, {
      kind: 'call_ended',
      member: page.memberName,
      attempt: attempt.attempt,
      outcome,
    });
    await changes.report(tx, attempt.crisisId, { summary: true }, now);
    await this.afterUnanswered(tx, attempt, now);
  }

  /** A text's status callback: recorded, and how it ended once it has. */
  async textStatus(attemptId: number, r: { sid: string; status: string }): Promise<boolean> {
    const { store, clock } = this.deps;
    const now = clock();
    return store.transaction(async (tx) => {
      const attempt = await this.attemptFor(tx, attemptId, 'text', r.sid);
      if (!attempt) return false;
      if (!(await store.phone.event(tx, attempt.id, r.status, now))) return true;
      await store.phone.setStatus(tx, attempt.id, r.status, null);
      if (isFinalTextStatus(r.status)) await store.phone.end(tx, attempt.id, textOutcome(r.status), now);
      return true;
    });
  }

  /** Twilio asks what the call says, once someone (or something) answered. */
  async script(attemptId: number, r: { sid: string; answeredBy: string | null }): Promise<CallScript> {
    const { store } = this.deps;
    const found = await store.transaction(async (tx) => {
      const attempt = await this.attemptFor(tx, attemptId, 'call', r.sid);
      if (!attempt) return undefined;
      if (r.answeredBy !== null) await store.phone.setStatus(tx, attempt.id, 'in-progress', r.answeredBy);
      const page = (await store.pages.byId(attempt.pageId, tx))!;
      const crisis = (await store.crises.byId(attempt.crisisId, tx))!;
      const pages = await store.pages.of(crisis.id, tx);
      return { page, crisis, wanted: stillUnanswered(this.deps.plan, page, pages, crisis.state === 'open') };
    });
    if (!found) return { kind: 'nothing', crisis: undefined };
    const { page, crisis, wanted } = found;
    if (r.answeredBy !== null && /^(machine|fax)/.test(r.answeredBy)) return { kind: 'voicemail', crisis };
    if (!wanted) return { kind: 'nothing', crisis };
    return { kind: 'ask', crisis, page };
  }

  /**
   * A key pressed on a call: 1 acknowledges, as the button does. The acknowledgement comes first:
   * the call is marked acknowledged only once the page is, so a failure between the two leaves a
   * call that ends unanswered (and what follows one), never a key recorded on a page still open.
   */
  async key(attemptId: number, r: { sid: string; digits: string }): Promise<KeyResult> {
    const { store, clock } = this.deps;
    const found = await store.transaction(async (tx) => {
      const attempt = await this.attemptFor(tx, attemptId, 'call', r.sid);
      if (!attempt) return undefined;
      return { attempt, page: (await store.pages.byId(attempt.pageId, tx))!, crisis: (await store.crises.byId(attempt.crisisId, tx))! };
    });
    if (!found) return { kind: 'nothing', crisis: undefined };
    const { attempt, page, crisis } = found;
    if (r.digits !== '1') return { kind: 'wrong_key', crisis, page };
    await this.deps.acknowledge(page.id, { id: page.userId }, 'phone');
    const now = clock();
    await store.transaction(async (tx) => {
      if (!(await store.phone.end(tx, attempt.id, 'acknowledged', now))) return;
      await store.timeline.add(tx, attempt.crisisId, now, null, {
        kind: 'call_ended',
        member: page.memberName,
        attempt: attempt.attempt,
        outcome: 'acknowledged',
      });
    });
    return { kind: 'acknowledged', crisis };
  }

  /** A text from someone's phone: `1` acknowledges every page of theirs a text asked about. */
  async incomingText(from: string, body: string): Promise<TextReply> {
    const { store } = this.deps;
    const waiting = await store.phone.textedUnanswered(from);
    if (waiting.length === 0) return { kind: 'nothing_waiting' };
    if (body.trim() !== '1') return { kind: 'not_one' };
    const crises: Crisis[] = [];
    for (const pageId of new Set(waiting.map((a) => a.pageId))) {
      const page = (await store.pages.byId(pageId))!;
      await this.deps.acknowledge(pageId, { id: page.userId }, 'text');
      const crisis = (await store.crises.byId(page.crisisId))!;
      if (!crises.some((c) => c.id === crisis.id)) crises.push(crisis);
    }
    return { kind: 'acknowledged', crises };
  }

  /** The attempt Twilio's request is about: the SID must be the one placed (or, first heard of here, is adopted). */
  private async attemptFor(tx: Tx, attemptId: number, kind: 'call' | 'text', sid: string): Promise<PhoneAttempt | undefined> {
    const attempt = await this.deps.store.phone.byId(attemptId, tx);
    if (!attempt || attempt.kind !== kind) return undefined;
    if (attempt.sid === null) {
      // Twilio's callback can come before its answer to the create is recorded.
      if (await this.adopt(tx, attempt, { sid, status: 'queued' })) return { ...attempt, sid };
      // Recorded meanwhile (the answer came after all), or this SID is another attempt's.
      const now = (await this.deps.store.phone.byId(attemptId, tx))!;
      return now.sid === sid ? now : undefined;
    }
    return attempt.sid === sid ? attempt : undefined;
  }

  private async pageState(tx: Tx, pageId: number): Promise<{ page: Page; crisis: Crisis } | undefined> {
    const { store, plan } = this.deps;
    const page = await store.pages.byId(pageId, tx);
    if (!page) return undefined;
    const crisis = (await store.crises.byId(page.crisisId, tx))!;
    const pages = await store.pages.of(page.crisisId, tx);
    return stillUnanswered(plan, page, pages, crisis.state === 'open') ? { page, crisis } : undefined;
  }

  private async decideCall(tx: Tx, page: Page, attempt: number, cause: PhoneCause, by: string | null, now: number): Promise<void> {
    const { store, outbox, plan, log } = this.deps;
    const number = e164(plan.roster.find((m) => m.slackId === page.userId)?.phone);
    if (!number) {
      log.warn({ crisis: page.crisisId, page: page.id }, 'a call is due but the plan has no valid number for the person');
      return;
    }
    const row = await store.phone.decide(tx, {
      crisisId: page.crisisId,
      pageId: page.id,
      kind: 'call',
      attempt,
      cause,
      requestedBy: by,
      number,
      at: now,
    });
    if (!row) return;
    await outbox.enqueue(tx, placeCall, { crisisId: page.crisisId, payload: { attemptId: row.id, number }, runAt: now });
  }

  /** A call ended without the key 1: a text after the first, and the next call while the plan allows. */
  private async afterUnanswered(tx: Tx, ended: PhoneAttempt, now: number): Promise<void> {
    const { store, outbox, plan } = this.deps;
    const state = await this.pageState(tx, ended.pageId);
    if (!state) return;
    const attempts = await store.phone.ofPage(ended.pageId, tx);
    const next = afterUnansweredCall(plan, attempts, now);
    if (next.text) {
      const row = await store.phone.decide(tx, {
        crisisId: ended.crisisId,
        pageId: ended.pageId,
        kind: 'text',
        attempt: 1,
        cause: ended.cause,
        number: ended.number,
        at: now,
      });
      if (row)
        await outbox.enqueue(tx, sendText, { crisisId: ended.crisisId, payload: { attemptId: row.id, number: ended.number }, runAt: now });
    }
    if (next.nextCall) {
      await outbox.enqueue(tx, phoneDue, {
        crisisId: ended.crisisId,
        payload: { pageId: ended.pageId, attempt: next.nextCall.attempt },
        runAt: next.nextCall.at,
      });
    }
  }
}
