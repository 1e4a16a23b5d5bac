import { z } from 'zod';
import { SEVERITIES } from './severity.js';
import { DONE_WHEN } from './done-when.js';
import { isTimeZone } from './time-zone.js';
import { LANGUAGES } from '../i18n/languages.js';
import { parseDuration } from './duration.js';

/** Schedulers the bot can pause posts in itself. */
export const SCHEDULERS = ['hootsuite'] as const;

const durationOf = (zero: boolean) =>
  z.string().transform((text, ctx) => {
    const value = parseDuration(text, { zero });
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use e.g. ${zero ? '0s, ' : ''}30s, 10m, 2h)` });
      return z.NEVER;
    }
    return value;
  });
const duration = durationOf(false);
/** `0s` means at once. */
const durationOrZero = durationOf(true);

const name = z.string().trim().min(1, 'must not be empty');
const refs = z.array(name).min(1, 'must name at least one role or roster member');

const member = z
  .strictObject({
    name,
    slack_id: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD')
      .optional(),
    email: z.email('must be an email address').optional(),
    roles: z.array(name).default([]),
    phone: z.string().trim().min(1).optional(),
  })
  .refine((m) => m.slack_id !== undefined || m.email !== undefined, {
    error: 'needs slack_id or email',
  });

const stage = z.strictObject({ name, page: refs, inform: refs.optional(), ack_timeout: duration, phone_after: durationOrZero.optional() });

const severity = z.strictObject({ start_stage: z.int().min(1).optional(), description: name.optional() });

// A bare string is shorthand for { text }; turning it into the object first lets a mistake in
// the long form be reported on its own field rather than as "matches neither form".
const checklistItem = z.preprocess(
  (value) => (typeof value === 'string' ? { text: value } : value),
  z.strictObject({
    text: name,
    role: name.optional(),
    due: duration.optional(),
    done_when: z.enum(DONE_WHEN, { error: `must be one of ${DONE_WHEN.join(', ')}` }).optional(),
    /** The older spelling of `done_when: first_response`. */
    first_response: z.boolean().default(false),
  }),
);

const DRILL_STEPS = ['reading', 'post', 'alert', 'inject'] as const;

/** One step of a drill's script, at an offset from its start: exactly one thing happens. */
const drillStep = z
  .strictObject({
    at: durationOrZero,
    reading: z.strictObject({ source: name, mentions: z.int().min(0), negative: z.int().min(0) }).optional(),
    post: z.strictObject({ platform: name, author: name, text: name.max(3000, 'must be at most 3000 characters') }).optional(),
    alert: z.strictObject({ title: name.max(200, 'must be at most 200 characters'), source: name.optional() }).optional(),
    inject: name.max(3000, 'must be at most 3000 characters').optional(),
  })
  .superRefine((s, ctx) => {
    const given = DRILL_STEPS.filter((k) => s[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `must have exactly one of ${DRILL_STEPS.join(', ')}` });
    if (s.reading && s.reading.negative > s.reading.mentions)
      ctx.addIssue({ code: 'custom', path: ['reading', 'negative'], message: 'must not be more than mentions' });
  });

/** A scripted drill: what plays the public, step by step (`/crisis drill <id>`). */
const drillScenario = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'ids are lowercase words'),
  title: name.max(120, 'must be at most 120 characters'),
  type: z.string().default('default'),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).default('sev2'),
  script: z.array(drillStep).min(1, 'must have at least one step'),
});

export const planSchema = z.strictObject({
  language: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).default('en'),
  timezone: z
    .string()
    .trim()
    .refine(isTimeZone, { error: 'is not an IANA time zone (use e.g. Europe/Stockholm, Europe/Warsaw, UTC)' })
    .optional(),
  channel_prefix: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, - or _ (at most 40)'),
  debrief_channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD')
    .optional(),
  roster: z.array(member).min(1, 'must list at least one member'),
  stages: z.array(stage).min(1, 'must list at least one stage'),
  severities: z.partialRecord(z.enum(SEVERITIES), severity).default({}),
  policy_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  mandates: z
    .strictObject({
      close: refs.optional(),
      escalate: refs.optional(),
      severity: refs.optional(),
      approve: refs.optional(),
      // Who may publish an approved statement through the scheduler; without it, the approvers.
      publish: refs.optional(),
    })
    .default({}),
  alerts: z
    .strictObject({
      channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD'),
      open_at: z.enum(SEVERITIES).default('sev1'),
      notify: refs.optional(),
      remind_after: duration.default(15 * 60_000),
    })
    .optional(),
  thresholds: z
    .strictObject({
      volume_ratio: z.number().gt(1, 'must be greater than 1').default(3),
      negative_share: z.number().gt(0).max(1, 'must be a share between 0 and 1').default(0.5),
    })
    .default({ volume_ratio: 3, negative_share: 0.5 }),
  status_updates: z.strictObject({ every: duration }).optional(),
  // The practice's target for the first public word (a holding statement): within the hour.
  first_response_within: duration.default(60 * 60_000),
  // How often the bot looks at Hootsuite again: an account held back, for posts scheduled since
  // (by a colleague or an agency who did not get the message); a statement it sent that waits
  // for approval there, for when it goes out.
  hootsuite_recheck: duration.default(5 * 60_000),
  staff_channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD')
    .optional(),
  customer_service_channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD')
    .optional(),
  // Without it, the reasons the guides name, in the plan's language (see config/plan).
  removal_reasons: z.array(name.max(75, 'must be at most 75 characters')).min(1, 'must list at least one reason').max(100).optional(),
  phone: z
    .strictObject({
      call_again_after: duration.default(5 * 60_000),
      calls: z.int().min(1, 'must be at least 1').max(10, 'must be at most 10').default(3),
    })
    .default({ call_again_after: 5 * 60_000, calls: 3 }),
  response_queue: z
    .strictObject({
      remind_after: duration.default(60 * 60_000),
      // Queue items live in this channel instead of the board's thread in the crisis channel.
      channel: z
        .string()
        .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD')
        .optional(),
    })
    .default({ remind_after: 60 * 60_000 }),
  company: name.optional(),
  accounts: z
    .array(
      z
        .strictObject({
          name,
          handle: name.optional(),
          owner: name,
          scheduler: z.enum(SCHEDULERS, { error: `must be ${SCHEDULERS.join(' or ')}` }).optional(),
          // Hootsuite's social profile ids are numbers; the API takes them as strings.
          profile_id: z
            .union([
              z.string().trim().regex(/^\d+$/, "must be the profile's number in the scheduler"),
              z.int().positive().transform(String),
            ])
            .optional(),
          // Approved statements may be published here by the bot, through the scheduler.
          publish: z.boolean().default(false),
        })
        .superRefine((a, ctx) => {
          if (a.publish && a.scheduler === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['publish'],
              message: 'needs scheduler: hootsuite and profile_id (the bot publishes through it)',
            });
          if (a.scheduler !== undefined && a.profile_id === undefined)
            ctx.addIssue({ code: 'custom', path: ['profile_id'], message: `is required with scheduler: ${a.scheduler}` });
          if (a.scheduler === undefined && a.profile_id !== undefined)
            ctx.addIssue({ code: 'custom', path: ['scheduler'], message: 'is required with profile_id (e.g. scheduler: hootsuite)' });
        }),
    )
    .default([]),
  // Four eyes: the author of a draft may not approve it, unless a one-person team says so here.
  statements_self_approve: z.boolean().default(false),
  statements: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'ids are lowercase words'),
        title: name,
        text: name.max(3000, 'must be at most 3000 characters'),
      }),
    )
    .default([]),
  // Who keeps the plan true, and how often they confirm its roster and contact details.
  owner: name.optional(),
  review_every: duration.optional(),
  // Scripted drills the team rehearses with (`/crisis drill <id>`).
  drills: z.array(drillScenario).default([]),
  checklists: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'type names are lowercase words'), z.array(checklistItem))
    .refine((c) => 'default' in c, { error: 'must have a "default" checklist' }),
});

export type RawPlan = z.infer<typeof planSchema>;
