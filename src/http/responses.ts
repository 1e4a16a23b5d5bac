import type { CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Crisis } from '../domain/crisis.js';
import { parsePostUrl } from '../domain/responses.js';
import { UserError } from '../services/errors.js';
import type { ResponseService } from '../services/response-service.js';
import { bearerRoute, parse } from './bearer-route.js';
import { HttpError } from './json.js';

/** Posts a request may carry: a listening tool's export of an evening is sent in a few. */
export const MAX_POSTS = 500;

const post = z.object({
  url: z
    .string()
    .max(2000)
    .refine((url) => parsePostUrl(url) !== undefined, 'must be an http(s) link to the post'),
  platform: z.string().trim().min(1).max(50).optional(),
  author: z.string().trim().min(1).max(200).optional(),
  text: z.string().max(10_000).optional(),
  posted_at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with its offset' }).optional(),
});

export const responsesBody = z.strictObject({
  crisis: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'must be the crisis channel’s id, such as C0123ABCD')
    .optional(),
  posts: z.array(post).min(1, 'must hold at least one post').max(MAX_POSTS, `must hold at most ${MAX_POSTS} posts`),
});

/** The crisis the posts are for: the one in the channel named, or the only one open. */
async function crisisFor(
  crises: { crisisInChannel(channelId: string): Promise<Crisis | undefined>; listOpen(): Promise<Crisis[]> },
  channel: string | undefined,
): Promise<Crisis> {
  if (channel !== undefined) {
    const crisis = await crises.crisisInChannel(channel);
    if (crisis?.state !== 'open') throw new HttpError(400, [`crisis: no open crisis has the channel ${channel}`]);
    return crisis;
  }
  // A listening tool's posts are about the real world: a drill gets them only by its channel id.
  const open = (await crises.listOpen()).filter((c) => !c.drill);
  if (open.length === 1) return open[0]!;
  throw new HttpError(400, [open.length ? 'crisis: several crises are open; give the channel id of one' : 'no crisis is open']);
}

/**
 * `POST /responses`: public posts for the response queue from a listening tool, up to 500 a
 * request, all recorded (or none, with the reasons) before the answer: 202 with how many were
 * added and how many the queue already had.
 */
export function responseRoutes(
  crises: Parameters<typeof crisisFor>[0],
  responses: Pick<ResponseService, 'addListened'>,
  token: string | undefined,
  log: Logger,
): CustomRoute[] {
  return [
    bearerRoute(
      '/responses',
      async (body) => {
        const request = parse(responsesBody, body);
        const crisis = await crisisFor(crises, request.crisis);
        try {
          return await responses.addListened(
            crisis,
            request.posts.map((p) => ({
              url: parsePostUrl(p.url)!,
              platform: p.platform,
              author: p.author,
              text: p.text,
              postedAt: p.posted_at === undefined ? undefined : Date.parse(p.posted_at),
            })),
          );
        } catch (error) {
          // Closed between the look-up and the write.
          if (error instanceof UserError) throw new HttpError(400, ['crisis: it is closed']);
          throw error;
        }
      },
      // 500 posts of a few thousand characters each.
      { token, log, notDone: 'no post was added', maxBytes: 8 * 1024 * 1024 },
    ),
  ];
}
