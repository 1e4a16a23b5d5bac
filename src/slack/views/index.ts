import type { Alert, TriageDigest } from '../../domain/alerts.js';
import type { ChecklistItem, Crisis, Page, StatusUpdate } from '../../domain/crisis.js';
import type { Notice } from '../../domain/notices.js';
import { renderChecklist } from './checklist.js';
import type { ViewContext } from './context.js';
import { renderDebriefMessage } from './debrief.js';
import { renderLegacyNotice, renderNotice, renderUpdate } from './notices.js';
import { renderPage } from './page.js';
import { renderSummary, renderTopic } from './summary.js';
import { renderTriage } from './triage.js';
import { renderDigest } from './digest.js';

/** The views the jobs post, bound to the team's language and time zone (see jobs/context). */
export function jobViews(v: ViewContext) {
  return {
    summary: (crisis: Crisis) => renderSummary(v, crisis),
    topic: (crisis: Crisis) => renderTopic(v, crisis),
    checklist: (title: string, items: readonly ChecklistItem[], closed: boolean) => renderChecklist(v, title, items, closed),
    page: (crisis: Crisis, page: Page) => renderPage(v, crisis, page),
    notice: (notice: Notice) => renderNotice(v, notice),
    legacyNotice: renderLegacyNotice,
    update: (update: StatusUpdate) => renderUpdate(v, update),
    triage: (alert: Alert, crisis: Crisis | undefined) => renderTriage(v, alert, crisis),
    digest: (digest: TriageDigest, alerts: readonly Alert[], crisisOf: (alert: Alert) => Crisis | undefined) => renderDigest(v, digest, alerts, crisisOf),
    debriefMessage: (title: string, markdown: string) => renderDebriefMessage(v, title, markdown),
    /** The uploaded file's title: plain text. */
    debriefFileTitle: (title: string) => v.m.t('debrief.fileTitle', { title }),
  };
}

export type JobViews = ReturnType<typeof jobViews>;
