import type { KnownBlock } from '@slack/types';
import type { Plan } from '../../config/plan.js';
import type { CrisisRow } from '../../store/schema.js';
import type { RenderedMessage } from './checklist.js';
import { SEVERITY_BADGE, clip, esc, mention, slackTime } from './format.js';

/** The first message in the crisis channel: what happened and who to call. */
export function renderSummary(plan: Plan, crisis: CrisisRow): RenderedMessage {
  const stage = plan.stages[crisis.stage - 1];
  const head = [
    `*${esc(crisis.title)}*`,
    `${SEVERITY_BADGE[crisis.severity]} · type *${esc(crisis.type)}* · opened by ${mention(crisis.openerId)} ${slackTime(crisis.openedAt)}`,
    `${crisis.stage > 1 ? `Stages 1–${crisis.stage}` : 'Stage 1'} paged${stage ? ` (up to ${esc(stage.name)})` : ''}.`,
  ];
  const contacts = plan.roster.map((m) => {
    const roles = m.roles.length ? ` · ${m.roles.map(esc).join(', ')}` : '';
    const phone = m.phone ? ` · ${esc(m.phone)}` : '';
    return `• ${mention(m.slackId)} (${esc(m.name)})${roles}${phone}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Crisis: ${crisis.title}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(head.join('\n')) } },
  ];
  if (crisis.summary) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`>${esc(crisis.summary).replace(/\n/g, '\n>')}`) } });
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*Roster contacts*\n${contacts.join('\n')}`) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '`/crisis status` · `/crisis update <text>` · `/crisis escalate` · `/crisis severity sev1|sev2|sev3` · `/crisis close [summary]`' }],
    },
  );
  return { text: `Crisis opened: ${esc(crisis.title)} (${crisis.severity})`, blocks };
}

export function renderTopic(crisis: CrisisRow): string {
  return clip(`${SEVERITY_BADGE[crisis.severity]} ${esc(crisis.title)} · /crisis status for the state`, 250);
}
