import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { TwilioEnv } from '../config/env.js';
import { readForm } from '../net/form.js';
import type { PhoneService } from '../services/phone-service.js';
import type { Plan } from '../config/plan.js';
import type { Messages } from '../i18n/messages.js';
import { TWILIO_PATHS, twilioPaths } from './paths.js';
import { validTwilioSignature } from './signature.js';
import { Speech } from './speech.js';
import { twiml, type Say, type Verb } from './twiml.js';

/** How long the call waits for a key after the question: long enough to find the phone's keypad. */
const GATHER_TIMEOUT_S = 8;

/** An answer to Twilio: TwiML, or an empty 204 for a callback that wants none. */
type Answer = { status: 200; verbs: Verb[] } | { status: 204 | 400 | 403 | 404 };

/**
 * Twilio's requests: what a call says, the key pressed, status callbacks, and incoming texts.
 * Each is checked against X-Twilio-Signature (the URL under PUBLIC_URL that Twilio was given,
 * and the POST parameters, with the auth token) and refused with 403 otherwise, before anything
 * is read or recorded.
 */
export function twilioRoutes(phone: PhoneService, env: TwilioEnv, m: Messages, plan: Plan, log: Logger): CustomRoute[] {
  const speech = new Speech(m, plan);
  const paths = twilioPaths(env.publicUrl);

  async function serve(req: IncomingMessage, res: ServerResponse, handle: (p: URLSearchParams, attempt: number) => Promise<Answer>) {
    let answer: Answer;
    try {
      const params = await readForm(req);
      const url = `${env.publicUrl}${req.url ?? ''}`;
      if (!params) answer = { status: 400 };
      else if (!validTwilioSignature(env.authToken, url, params, header(req, 'x-twilio-signature'))) {
        log.warn({ path: req.url?.split('?')[0] }, 'refused a Twilio request whose signature does not match');
        answer = { status: 403 };
      } else if (params.get('AccountSid') !== env.accountSid) answer = { status: 403 };
      else answer = await handle(params, Number(new URL(url).searchParams.get('attempt') ?? NaN));
    } catch (error) {
      log.error({ err: error, path: req.url?.split('?')[0] }, 'Twilio webhook failed');
      // Twilio logs it and, for a call, speaks its own error: nothing was recorded.
      res.writeHead(500).end();
      return;
    }
    if (answer.status !== 200) {
      res.writeHead(answer.status).end();
      return;
    }
    const body = twiml(answer.verbs);
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  const route = (path: string, handle: (p: URLSearchParams, attempt: number) => Promise<Answer>): CustomRoute => ({
    path,
    method: ['POST'],
    handler: (req, res) => {
      serve(req, res, handle).catch((error: unknown) => log.error({ err: error, path }, 'Twilio webhook failed to answer'));
    },
  });

  const ask = (attempt: number, about: Say[]): Verb[] => [
    { gather: { action: paths.gather(attempt), timeoutS: GATHER_TIMEOUT_S, say: [...about, speech.say(speech.t('pressOne'))] } },
    speech.say(speech.t('noKey')),
    { hangup: true },
  ];

  return [
    route(TWILIO_PATHS.voice, async (p, attempt) => {
      const script = await phone.script(attempt, { sid: p.get('CallSid') ?? '', answeredBy: p.get('AnsweredBy') });
      switch (script.kind) {
        case 'ask':
          return { status: 200, verbs: ask(attempt, speech.about(script.crisis)) };
        case 'voicemail':
          return { status: 200, verbs: [speech.voicemail(script.crisis), { hangup: true }] };
        case 'nothing':
          return { status: 200, verbs: [speech.say(speech.t('nothing')), { hangup: true }] };
      }
    }),
    route(TWILIO_PATHS.gather, async (p, attempt) => {
      const result = await phone.key(attempt, { sid: p.get('CallSid') ?? '', digits: p.get('Digits') ?? '' });
      switch (result.kind) {
        case 'acknowledged':
          return { status: 200, verbs: [speech.say(speech.t('acknowledged')), { hangup: true }] };
        case 'wrong_key':
          return { status: 200, verbs: ask(attempt, [speech.say(speech.t('wrongKey'))]) };
        case 'nothing':
          return { status: 200, verbs: [speech.say(speech.t('nothing')), { hangup: true }] };
      }
    }),
    route(TWILIO_PATHS.callStatus, async (p, attempt) => {
      const known = await phone.callStatus(attempt, {
        sid: p.get('CallSid') ?? '',
        status: p.get('CallStatus') ?? '',
        answeredBy: p.get('AnsweredBy'),
      });
      return { status: known ? 204 : 404 };
    }),
    route(TWILIO_PATHS.textStatus, async (p, attempt) => {
      const known = await phone.textStatus(attempt, { sid: p.get('MessageSid') ?? '', status: p.get('MessageStatus') ?? '' });
      return { status: known ? 204 : 404 };
    }),
    route(TWILIO_PATHS.incomingText, async (p) => {
      const reply = await phone.incomingText(p.get('From') ?? '', p.get('Body') ?? '');
      const text =
        reply.kind === 'acknowledged'
          ? speech.textAcknowledged(reply.crises)
          : speech.t(reply.kind === 'not_one' ? 'textNotOne' : 'textNothing');
      return { status: 200, verbs: [{ message: text }] };
    }),
  ];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
