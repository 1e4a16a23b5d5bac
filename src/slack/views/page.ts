import type { KnownBlock } from '@slack/types';
import type { Plan } from '../../config/plan.js';
import type { CrisisRow, PageRow } from '../../store/schema.js';
import { ActionId, Labels } from '../ids.js';
import type { RenderedMessage } from './checklist.js';
import { SEVERITY_BADGE, channelLink, clip, esc, mention, slackTime } from './format.js';

/**
 * The page a member gets in a DM. Sent before the channel may exist (paging comes first), then
 * updated in place with the channel link and, later, with the acknowledgement.
 */
export function renderPage(plan: Plan, crisis: CrisisRow, page: PageRow): RenderedMessage {
  const stage = plan.stages[page.stage - 1];
  const where = crisis.channelId ? `Join ${channelLink(crisis.channelId)}` : '_The crisis channel is being created._';
  const lines = [
    `🚨 *You are paged: ${esc(crisis.title)}*`,
    `${SEVERITY_BADGE[crisis.severity]} · type ${esc(crisis.type)} · stage ${page.stage}${stage ? ` (${esc(stage.name)})` : ''}`,
    `Opened by ${mention(crisis.openerId)} ${slackTime(crisis.openedAt)}. ${where}`,
  ];
  if (crisis.summary) lines.push(`> ${esc(crisis.summary).replace(/\n/g, '\n> ')}`);
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'page', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }];
  if (page.ackedAt === null) {
    blocks.push({
      type: 'actions',
      block_id: 'page-actions',
      elements: [
        {
          type: 'button',
          action_id: ActionId.pageAck,
          text: { type: 'plain_text', text: Labels.acknowledge },
          style: 'danger',
          value: String(page.id),
        },
      ],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `✅ Acknowledged by ${mention(page.userId)} ${slackTime(page.ackedAt)}` }],
    });
  }
  const state = page.ackedAt === null ? 'please acknowledge' : 'acknowledged';
  return { text: `Paged for crisis: ${esc(crisis.title)} (${crisis.severity}), ${state}`, blocks };
}
