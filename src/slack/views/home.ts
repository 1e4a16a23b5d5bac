import type { HomeView, KnownBlock } from '@slack/types';
import type { PersonHome } from '../../domain/home.js';
import type { Crisis } from '../../domain/crisis.js';
import { ActionId } from '../ids.js';
import type { ViewContext } from './context.js';
import { context, plain, section } from './blocks.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, severityBadge, slackTime, stageLabel } from './mrkdwn.js';
import { platformName } from './responses.js';

// A person's Home tab: what waits for them in the open crises, and the way to open one.

/** Rows per list: five lists of ten and their headings stay far under Slack's 100 blocks. */
export const HOME_ROWS = 10;
/** A statement's text as Home quotes it, before "…". */
const QUOTE_CHARS = 200;

const where = (c: Crisis | undefined) => (c ? (c.channelId ? channelLink(c.channelId) : escapeMrkdwn(c.title)) : '');

export function renderHome(v: ViewContext, home: PersonHome): HomeView {
  const { m } = v;
  const blocks: KnownBlock[] = [section(m.t('home.heading'))];
  const list = <T>(rows: readonly T[], heading: string, line: (row: T) => string) => {
    if (rows.length === 0) return;
    const shown = rows.slice(0, HOME_ROWS).map(line);
    if (rows.length > HOME_ROWS) shown.push(m.t('home.more', { count: rows.length - HOME_ROWS }));
    blocks.push(section(`${heading}\n${shown.join('\n')}`));
  };

  // Each page its own section, its Acknowledge beside it: the one thing here that cannot wait.
  if (home.pages.length) {
    blocks.push(section(m.t('home.pages', { count: home.pages.length })));
    for (const { crisis, page } of home.pages.slice(0, HOME_ROWS))
      blocks.push({
        type: 'section',
        block_id: `home-page-${page.id}`,
        text: {
          type: 'mrkdwn',
          text: clip(
            m.t('home.page', {
              badge: severityBadge(v, crisis.severity),
              title: escapeMrkdwn(crisis.title),
              where: where(crisis),
              stage: stageLabel(v, page.stage),
              when: slackTime(m, page.pagedAt),
            }),
          ),
        },
        accessory: {
          type: 'button',
          action_id: ActionId.pageAck,
          style: 'primary',
          value: String(page.id),
          text: plain(m.t('buttons.acknowledge'), SlackLimits.buttonText),
        },
      });
    if (home.pages.length > HOME_ROWS) blocks.push(context(m.t('home.more', { count: home.pages.length - HOME_ROWS })));
  }
  list(home.approvals, m.t('home.approvals', { count: home.approvals.length }), ({ crisis, version }) =>
    m.t('home.approval', {
      version: version.version,
      where: where(crisis),
      text: escapeMrkdwn(version.text.length > QUOTE_CHARS ? `${[...version.text].slice(0, QUOTE_CHARS).join('')}…` : version.text),
    }),
  );
  list(home.items, m.t('home.items', { count: home.items.length }), ({ crisis, item }) =>
    m.t(item.dueAt === null ? 'home.item' : 'home.itemDue', {
      text: escapeMrkdwn(item.text),
      where: where(crisis),
      due: item.dueAt === null ? '' : slackTime(m, item.dueAt),
    }),
  );
  list(home.actions, m.t('home.actions', { count: home.actions.length }), ({ crisis, action }) =>
    m.t(action.dueOn === null ? 'home.action' : 'home.actionDue', {
      text: escapeMrkdwn(action.text),
      where: where(crisis),
      date: action.dueOn ?? '',
    }),
  );
  list(home.claimed, m.t('home.claimed', { count: home.claimed.length }), ({ crisis, response }) =>
    m.t('home.claimedPost', { platform: escapeMrkdwn(platformName(v, response)), url: response.url, where: where(crisis) }),
  );
  list(home.crises, m.t('home.crises', { count: home.crises.length }), (c) =>
    m.t('home.crisis', {
      badge: severityBadge(v, c.severity),
      title: escapeMrkdwn(c.title),
      where: where(c),
      since: slackTime(m, c.openedAt),
    }),
  );
  if (home.pages.length + home.approvals.length + home.items.length + home.actions.length + home.claimed.length === 0)
    blocks.push(context(m.t('home.nothing')));
  blocks.push({
    type: 'actions',
    block_id: 'home-actions',
    elements: [
      {
        type: 'button',
        action_id: ActionId.homeOpenCrisis,
        style: 'danger',
        value: 'open',
        text: plain(m.t('buttons.openACrisis'), SlackLimits.buttonText),
      },
      {
        type: 'button',
        action_id: ActionId.homeStartDrill,
        value: 'drill',
        text: plain(m.t('buttons.startADrill'), SlackLimits.buttonText),
      },
    ],
  });
  return { type: 'home', blocks };
}
