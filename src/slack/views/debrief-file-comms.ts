import { platformLabel } from '../../domain/statements.js';
import { accountLabel, frozenFor, type AccountFreeze } from '../../domain/freeze.js';
import { tally, type HeldPost } from '../../domain/held-posts.js';
import { LISTENING, queueFigures } from '../../domain/responses.js';
import type { DebriefFileContext } from './debrief-file-context.js';
import { platformName } from './responses.js';

// The debrief file's sections on what the team said and held back in public: statements, the
// publishing freeze, the response queue, and the internal Q&A (see debrief-file for the rest).

/** Every statement, version by version: who wrote, approved or sent it back, and where it was published. */
export function statementsSection({ m, snap, name, at, md }: DebriefFileContext): string[] {
  const out = [m.t('debrief.statementsHeading'), ''];
  if (snap.statements.length === 0) out.push(m.t('debrief.noStatements'), '');
  for (const [i, record] of snap.statements.entries()) {
    out.push(m.t('debrief.statementHeading', { n: i + 1 }), '');
    for (const version of record.versions) {
      out.push(m.t('debrief.versionWritten', { version: version.version, who: md(name(version.authorId)), when: at(version.createdAt) }));
      out.push(...version.text.split('\n').map((l) => `  > ${md(l)}`));
      if (version.approvedAt !== null)
        out.push(
          m.t('debrief.versionApproved', {
            who: md(name(version.approvedBy)),
            when: at(version.approvedAt),
          }),
        );
      if (version.changesAt !== null)
        out.push(
          m.t('debrief.versionChanges', {
            who: md(name(version.changesBy)),
            when: at(version.changesAt),
            reason: md(version.changesReason ?? ''),
          }),
        );
      for (const p of record.publications.filter((x) => x.versionId === version.id)) {
        out.push(
          m.t('debrief.versionPublished', {
            platform: md(platformLabel(p.platform)),
            who: md(name(p.publishedBy)),
            when: at(p.publishedAt),
            url: p.url,
          }),
        );
      }
    }
    out.push('');
  }
  return out;
}

/** The publishing freeze, account by account: who paused it and for how long, and what the bot held back. */
export function freezeSection(c: DebriefFileContext): string[] {
  const { m, snap, now, name, at, md } = c;
  if (!snap.freezes.length) return [];
  const out = [m.t('debrief.freezeHeading'), ''];
  for (const f of snap.freezes) {
    const account = md(accountLabel(f));
    const duration = frozenFor(f, now);
    out.push(
      f.frozenAt === null || duration === undefined
        ? m.t('debrief.freezeNever', { account })
        : f.frozenBy === null
          ? m.t('debrief.freezePausedByBot', { account, when: at(f.frozenAt), duration: m.duration(duration) })
          : m.t('debrief.freezePaused', { account, who: md(name(f.frozenBy)), when: at(f.frozenAt), duration: m.duration(duration) }),
    );
    if (f.holdStartedAt !== null)
      out.push(
        ...heldLines(
          c,
          f,
          snap.held.filter((p) => p.freezeId === f.id),
        ),
      );
  }
  out.push('');
  return out;
}

/** What the bot held back in the scheduler, each post's fate, and the whole text of any not scheduled again. */
function heldLines({ m, name, at, md }: DebriefFileContext, f: AccountFreeze, posts: readonly HeldPost[]): string[] {
  if (f.holdFailure !== null) return [m.t('debrief.heldFailedToList', { reason: md(f.holdFailure) })];
  const t = tally(posts);
  const lines = [m.t('debrief.heldSummary', { count: t.total - t.gone - t.refused, restored: t.restored, failed: t.failed, gone: t.gone })];
  if (f.holdIncomplete !== null) lines.push(m.t('debrief.heldIncomplete', { reason: md(f.holdIncomplete) }));
  if (f.resumedAt !== null) lines.push(m.t('debrief.heldResumedBy', { who: md(name(f.resumedBy)), when: at(f.resumedAt) }));
  for (const p of posts) {
    const values = { when: at(p.scheduledAt), text: md(p.text.replace(/\s+/g, ' ').trim().slice(0, 100)) };
    if (p.state === 'restored') lines.push(m.t('debrief.heldRestored', { ...values, at: at(p.restoreAt!) }));
    else if (p.state === 'gone') lines.push(m.t('debrief.heldGone', values));
    else if (p.state === 'refused') lines.push(m.t('debrief.heldRefused', { ...values, reason: md(p.failure ?? '') }));
    else {
      // Not back in the scheduler: its whole text, so it can be posted by hand.
      lines.push(
        m.t(p.state === 'failed' ? 'debrief.heldFailed' : 'debrief.heldNotResumed', {
          when: at(p.scheduledAt),
          reason: p.failure ? m.t('held.refused', { detail: md(p.failure) }) : m.t('held.noAnswer'),
        }),
      );
      lines.push(...p.text.split('\n').map((l) => `    > ${md(l)}`));
      if (p.mediaUrls.length) lines.push(`    > ${p.mediaUrls.join(' ')}`);
    }
  }
  return lines;
}

/** The response queue: its figures, then each post, what became of it, and the evidence of any removed. */
export function queueSection({ v, m, snap, name, at, md }: DebriefFileContext): string[] {
  if (!snap.responses.length) return [];
  const q = queueFigures(snap.responses);
  const out = [m.t('debrief.queueHeading'), ''];
  out.push(m.t('debrief.queueFigures', { total: q.total, open: q.open, answered: q.answered, moved: q.moved, removed: q.removed }));
  if (q.medianAnswerMs !== undefined) out.push(m.t('debrief.queueMedian', { median: m.duration(q.medianAnswerMs) }));
  out.push('');
  for (const item of snap.responses) {
    const added =
      item.addedBy === LISTENING
        ? m.t('debrief.queueFromListening', { when: at(item.addedAt) })
        : m.t('debrief.queueAdded', { who: md(name(item.addedBy)), when: at(item.addedAt) });
    const head = `- ${md(platformName(v, item))} ${item.url}${item.note ? ` (${md(item.note)})` : ''}, ${added}: `;
    const who = md(name(item.handledBy)),
      when = item.handledAt === null ? '' : at(item.handledAt);
    if (item.state === 'open') out.push(head + m.t('debrief.queueOpen'));
    else if (item.state === 'answered') out.push(head + m.t('debrief.queueAnswered', { who, when, url: item.replyUrl ?? '' }));
    else if (item.state === 'moved') out.push(head + m.t('debrief.queueMoved', { who, when }));
    else out.push(head + m.t('debrief.queueRemoved', { who, when }));
    if (item.escalatedBy && item.escalatedAt)
      out.push(`  - ${m.t('debrief.queueEscalated', { who: md(name(item.escalatedBy)), when: at(item.escalatedAt) })}`);
    // The evidence, whole: what was removed, why, and its fingerprint.
    for (const e of snap.evidence.filter((x) => x.responseId === item.id)) {
      out.push(
        `  - ${m.t('debrief.evidence', { reason: md(e.reason), author: md(e.author), when: at(e.postedAt), who: md(name(e.recordedBy)), recorded: at(e.recordedAt) })}`,
      );
      out.push(...e.text.split('\n').map((l) => `    > ${md(l)}`));
      if (e.screenshotUrl) out.push(`    ${m.t('debrief.evidenceScreenshot', { url: e.screenshotUrl })}`);
    }
  }
  out.push('');
  return out;
}

/** The internal Q&A as it stood at close. */
export function qaSection({ m, snap, md }: DebriefFileContext): string[] {
  if (!snap.qa.length) return [];
  return [
    m.t('debrief.qaHeading'),
    '',
    ...snap.qa.flatMap((e) => [`- **${md(e.question)}**`, ...e.answer.split('\n').map((l) => `  ${md(l)}`)]),
    '',
  ];
}
