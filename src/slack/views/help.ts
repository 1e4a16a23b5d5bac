import type { ViewContext } from './context.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** The usage, only to the caller: the verbs as typed (English in every language), explained in the team's. */
export function renderHelp(v: ViewContext, types: readonly string[]): string {
  const { m } = v;
  return [
    m.t('help.title'),
    m.t('help.openForm'),
    m.t('help.open'),
    m.t('help.status'),
    m.t('help.update'),
    m.t('help.statement'),
    m.t('help.freeze'),
    m.t('help.respond'),
    m.t('help.qa'),
    m.t('help.lesson'),
    m.t('help.action'),
    m.t('help.plan'),
    m.t('help.drill'),
    m.t('help.call'),
    m.t('help.chart'),
    m.t('help.escalate'),
    m.t('help.severity'),
    m.t('help.retitle'),
    m.t('help.retype'),
    m.t('help.lead'),
    m.t('help.close'),
    m.t('help.list'),
    m.t('help.escalateWho'),
    m.t('help.types', { types: types.map(escapeMrkdwn).join(', ') }),
  ].join('\n');
}
