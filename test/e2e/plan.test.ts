import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { atLocalTime, isoDay } from '../../src/domain/time.js';
import { ActionId } from '../../src/slack/ids.js';
import { buttonsOf, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';

// A plan that stays true (issue 26, point 4): /crisis plan shows who each stage would page now
// and the plan's gaps, lessons that change the plan wait there for its owner, and the owner is
// asked every review_every to confirm the roster and contacts.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const ZONE = 'Europe/Stockholm';
/** Per holds the only legal role, so a deactivated Per leaves a stage, a role, a mandate and an item without anyone. */
const plan = (extra = '') => `
channel_prefix: crisis
timezone: ${ZONE}
debrief_channel: C0DEBRIEF
owner: Omar Nilsson
roster:
  - name: Anna Berg
    slack_id: U0ANNA
    roles: [social-media-manager]
    phone: "+46 70 000 00 01"
  - name: Kasia Nowak
    email: kasia@example.com
    roles: [customer-service]
    phone: "+48 600 000 003"
  - name: Omar Nilsson
    slack_id: U0OMAR
    roles: [crisis-lead, spokesperson]
    phone: "+46 70 000 00 02"
  - name: Per Holm
    slack_id: U0PER
    roles: [legal]
stages:
  - name: Social team
    page: [social-media-manager, customer-service]
    ack_timeout: 10m
    phone_after: 5m
  - name: Crisis group
    page: [crisis-lead]
    ack_timeout: 15m
  - name: Legal
    page: [legal]
    ack_timeout: 30m
mandates:
  close: [crisis-lead]
  approve: [legal, crisis-lead]
  escalate: [legal]
checklists:
  default:
    - Pause all scheduled posts
    - text: Check the claims with legal
      role: legal
${extra}`;

/** The /crisis plan answer that came through the command's response URL (after "Checking…"). */
async function planAnswer(h: Harness, user = USERS.omar): Promise<{ ack: string | undefined; text: string; buttons: { value: string }[] }> {
  const before = h.standin.responses.length;
  const reply = await h.command('plan', { user, channel: 'C0GENERAL' });
  const answer = await h.standin.waitFor(() => h.standin.responses.slice(before).find((r) => r.body.replace_original === true));
  const blocks = answer.body.blocks as Parameters<typeof buttonsOf>[0];
  return { ack: reply.body?.text, text: blocks ? everyText(blocks) : String(answer.body.text), buttons: buttonsOf(blocks) };
}

/** Sections' and context blocks' texts, one per line. */
const everyText = (blocks: NonNullable<Parameters<typeof buttonsOf>[0]>): string =>
  blocks
    .flatMap((b) => {
      const { text, elements } = b as { text?: { text?: string }; elements?: { text?: string }[] };
      return b.type === 'section' ? [text?.text ?? ''] : b.type === 'context' ? (elements ?? []).map((e) => e.text ?? '') : [];
    })
    .join('\n');

describe('/crisis plan', () => {
  it('shows who each stage would page now and every gap Slack reveals, for the crisis leads and the owner only', async () => {
    h = await startHarness({ plan: plan() });
    const { standin } = h;
    standin.users.get('U0PER')!.deleted = true;
    // Anna's Do Not Disturb runs from 22:00 to 07:00 in the plan's zone: the whole night (each end
    // found on its own day, so a night the clocks change still reads 22:00 to 07:00).
    const start = atLocalTime(isoDay(Date.now(), ZONE), 22, ZONE);
    const end = atLocalTime(isoDay(start + 12 * 3600_000, ZONE), 7, ZONE);
    standin.users.get('U0ANNA')!.dnd = { enabled: true, startTs: start / 1000, endTs: end / 1000 };

    const { ack, text } = await planAnswer(h);
    expect(ack).toBe('🔎 Checking the plan against Slack…');
    // No Twilio in this bot: stage 1's phone_after calls nobody, and /crisis plan says so.
    expect(text).toContain('*1. Social team*: acknowledge within 10m\n<@U0ANNA> 🌙 and <@U0KASIA>');
    expect(text).toContain('*2. Crisis group*: acknowledge within 15m\n<@U0OMAR>');
    expect(text).toContain('*3. Legal*: acknowledge within 30m\n_nobody who can be reached_');
    expect(text).toContain('*5 gaps and 2 warnings:*');
    expect(text).toContain('⚠️ Phone calls (phone_after) in Social team, but no phone service is configured (TWILIO_*): nobody is called.');
    expect(text).toContain('❌ Per Holm: their Slack account is deactivated.');
    expect(text).toContain('❌ Nobody who can be reached holds the role legal.');
    expect(text).toContain('❌ Stage 3 (Legal) pages nobody who can be reached.');
    expect(text).toContain(
      '❌ Checklist default: “Check the claims with legal” is for the role legal, which nobody who can be reached holds.',
    );
    expect(text).toContain('❌ Nobody who can be reached may escalate a crisis (a mandate in the plan).');
    expect(text).toContain(
      '⚠️ Anna Berg: Do Not Disturb from 22:00 to 07:00; a page at night does not reach them: no stage calls them by phone.',
    );
    // The approve mandate still has Omar: no gap for it.
    expect(text).not.toContain('approve statements');
    expect(text).toContain('The plan’s owner has not confirmed the roster and contacts yet.');
    expect(text).toContain('No change to the crisis plan is waiting from lessons.');
    expect(text).toContain('No drill yet: `/crisis drill` rehearses the plan.');
    expect(h.standin.callsTo('dnd.teamInfo')).toHaveLength(1);

    // Anna neither leads nor owns the plan: one line, and Slack is not asked.
    const dndCalls = h.standin.callsTo('dnd.teamInfo').length;
    expect((await h.command('plan', { user: USERS.anna, channel: 'C0GENERAL' })).body).toEqual({
      response_type: 'ephemeral',
      text: '`/crisis plan` is for the crisis leads and the plan’s owner (Omar Nilsson).',
    });
    expect(h.standin.callsTo('dnd.teamInfo')).toHaveLength(dndCalls);
  });

  it('says so in one line when Slack cannot be asked, after the ack', async () => {
    h = await startHarness({ plan: plan() });
    h.standin.inject('dnd.teamInfo', { error: 'invalid_auth' });
    const { text } = await planAnswer(h);
    expect(text).toBe('Something went wrong on our side; nothing was changed. The error is logged.');
  });
});

describe('changes to the crisis plan', () => {
  it('a lesson marked as a change waits in /crisis plan, with its crisis, until the plan’s owner confirms it made; the debrief lists it', async () => {
    h = await startHarness({ plan: plan() });
    const { channelId } = await h.openCrisis('Recall video spreading', USERS.opener);
    expect((await h.command('lesson plan: Give legal a deputy', { channel: channelId, user: USERS.anna })).body?.text).toBe(
      'Recorded as a change to the crisis plan: the debrief lists it under "Changes to the crisis plan", and `/crisis plan` until the plan’s owner confirms it made.',
    );
    await h.command('close', { channel: channelId, user: USERS.omar });
    const debrief = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed && u.channels.includes('C0DEBRIEF')));
    expect(debrief.content).toContain('- Changes to the crisis plan:\n  - Give legal a deputy (Anna Berg,');

    const listed = await planAnswer(h);
    expect(listed.text).toContain('*1 change to the crisis plan waits for Omar Nilsson:*');
    expect(listed.text).toMatch(new RegExp(`• Give legal a deputy\\n_From <#${channelId}>, .+, <@U0ANNA>_`));
    const [made] = listed.buttons;
    expect(made).toMatchObject({ action_id: ActionId.planChangeApplied, text: { text: 'Made in the plan' } });

    // Only the owner confirms it; a second press is told who did.
    await h.click(ActionId.planChangeApplied, made!.value, { user: USERS.anna });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'Only the plan’s owner (Omar Nilsson) may confirm this.'),
    );
    await h.click(ActionId.planChangeApplied, made!.value, { user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === '✅ Made in the plan, confirmed by <@U0OMAR>: Give legal a deputy'),
    );
    await h.click(ActionId.planChangeApplied, made!.value, { user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === '<@U0OMAR> already confirmed this change made in the plan; nothing was changed.'),
    );
    expect((await planAnswer(h)).text).toContain('No change to the crisis plan is waiting from lessons.');
  });
});

describe('the plan’s review', () => {
  it('asks the owner every review_every to confirm the roster and contacts; Confirmed is recorded once and the next review filed', async () => {
    h = await startHarness({ plan: plan('review_every: 2s') });
    const asked = await h.standin.waitFor(
      () => h!.standin.dm('U0OMAR').find((m) => m.text === 'Time to confirm the crisis plan’s roster and contacts'),
      8000,
    );
    expect(shown(asked)).toContain(
      '*Time to check the crisis plan.* Are these still the right people, and can each be reached as shown? It has not been confirmed yet.',
    );
    expect(shown(asked)).toContain('• *Anna Berg* (social-media-manager): <@U0ANNA> · +46 70 000 00 01');
    expect(shown(asked)).toContain('• *Kasia Nowak* (customer-service): <@U0KASIA> · +48 600 000 003 · kasia@example.com');
    expect(shown(asked)).toContain('• *Per Holm* (legal): <@U0PER> · no phone number');
    const [confirmed] = buttonsOf(asked.blocks);
    expect(confirmed).toMatchObject({ action_id: ActionId.planConfirmed, text: { text: 'Confirmed' } });

    // Only the owner confirms.
    await h.click(ActionId.planConfirmed, confirmed!.value, { user: USERS.anna });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'Only the plan’s owner (Omar Nilsson) may confirm this.'),
    );
    const click = await h.click(ActionId.planConfirmed, confirmed!.value, { user: USERS.omar });
    const replaced = await h.standin.waitFor(() =>
      h!.standin.responses.find((r) => click.responseUrl.endsWith(r.path) && r.body.replace_original === true),
    );
    expect(JSON.stringify(replaced.body.blocks)).toMatch(/✅ Confirmed by <@U0OMAR> .+\. The next reminder comes in 2s\./);
    expect(buttonsOf(replaced.body.blocks as Parameters<typeof buttonsOf>[0])).toEqual([]);
    // A second press (a double click, an old DM) confirms nothing more: one row, one next review.
    const again = await h.click(ActionId.planConfirmed, confirmed!.value, { user: USERS.omar });
    await h.standin.waitFor(() => h!.standin.responses.find((r) => again.responseUrl.endsWith(r.path)));
    const confirmations = await h.rows<{ n: number }>(sql`select count(*) as n from plan_reviews where kind = 'confirmed'`);
    expect(Number(confirmations[0]!.n)).toBe(1);
    expect((await planAnswer(h)).text).toMatch(/✅ Roster and contacts last confirmed .+ by <@U0OMAR>\. Next confirmation due /);
    expect((await h.bot.store.plan.lastConfirmed())?.by).toBe('U0OMAR');
  });

  it('files one review however often the bot starts: the reviews begin once and the one due keeps its key', async () => {
    h = await startHarness({ plan: plan('review_every: 90d') });
    const pending = async () =>
      (await h!.bot.store.outbox.all()).filter((j) => j.kind === 'plan_review_due' && j.state === 'pending').map((j) => j.key);
    const before = await pending();
    expect(before).toHaveLength(1);
    await h.restart();
    expect(await pending()).toEqual(before);
    expect((await planAnswer(h)).text).toContain('Next confirmation due ');
  });
});
