import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, createScrubber, scrubTokens } from '../../src/logger.js';

describe('the token scrubber', () => {
  it('masks every kind of Slack token, keeping only its kind', () => {
    for (const kind of ['xoxb', 'xoxp', 'xoxa', 'xoxe', 'xoxo', 'xoxr', 'xoxs', 'xapp']) {
      expect(scrubTokens(`auth failed for ${kind}-1234-5678-abcdEF, retrying`)).toBe(`auth failed for ${kind}-[redacted], retrying`);
    }
    expect(scrubTokens('nothing secret here: xoxo is a greeting')).toBe('nothing secret here: xoxo is a greeting');
  });

  it('masks the configured secrets too, but not a value too short to be one', () => {
    const scrub = createScrubber(['signing-secret-42', 'abc', undefined]);
    expect(scrub('sig signing-secret-42 and xoxb-1-2 and abc')).toBe('sig [redacted] and xoxb-[redacted] and abc');
  });

  it('keeps them out of log lines, in fields, messages and errors', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('info', ['alert-token-77'], sink);
    log.info({ token: 'xoxb-9-9', note: 'used alert-token-77' }, 'called with xapp-1-A');
    log.error({ err: new Error('bad token xoxp-3-3 / alert-token-77') }, 'failed');
    const all = lines.join('');
    expect(all).not.toMatch(/xox[a-z]-\d|xapp-1-A|alert-token-77/);
    expect(all).toContain('[redacted]');
  });
});

describe('an error in a log line', () => {
  it('keeps its own fields (a Slack error code), scrubbed', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(String(chunk)), done()) });
    const error = Object.assign(new Error('An API error occurred: not_in_channel'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_in_channel', token: 'xoxb-5-5' },
    });
    createLogger('info', [], sink).warn({ err: error }, 'refused');
    const line = JSON.parse(lines[0]!) as { err: { code: string; data: { error: string; token: string } } };
    expect(line.err.code).toBe('slack_webapi_platform_error');
    expect(line.err.data).toEqual({ ok: false, error: 'not_in_channel', token: 'xoxb-[redacted]' });
  });
});
