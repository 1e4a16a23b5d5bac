import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { configError } from '../support.js';

const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1-valid', SLACK_SIGNING_SECRET: 'signing-secret-value' };

/** The error loadEnv throws, asserting it is a one-line ConfigError. */
function failure(env: Record<string, string>): string {
  return configError(() => loadEnv(env));
}

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({ ...HTTP });
    expect(env).toEqual({
      slackBotToken: 'xoxb-1-valid',
      slackSigningSecret: 'signing-secret-value',
      slackAppToken: undefined,
      slackApiUrl: 'https://slack.com/api/',
      port: 3000,
      databasePath: './data/crisis.db',
      crisisPlanPath: './crisis-plan.yml',
      alertToken: undefined,
      logLevel: 'info',
      hootsuiteAccessToken: undefined,
      hootsuiteApiUrl: 'https://platform.hootsuite.com',
      socketMode: false,
    });
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('reads every variable when set', () => {
    const env = loadEnv({
      ...HTTP,
      SLACK_API_URL: 'http://localhost:9999/api',
      PORT: '8080',
      DATABASE_PATH: '/tmp/x.db',
      CRISIS_PLAN: '/etc/plan.yml',
      ALERT_TOKEN: 'alert-secret',
      LOG_LEVEL: 'debug',
    });
    expect(env.slackApiUrl).toBe('http://localhost:9999/api/'); // a trailing slash is added
    expect(env.port).toBe(8080);
    expect(env.databasePath).toBe('/tmp/x.db');
    expect(env.crisisPlanPath).toBe('/etc/plan.yml');
    expect(env.alertToken).toBe('alert-secret');
    expect(env.logLevel).toBe('debug');
  });

  it('treats empty optional variables as unset', () => {
    const env = loadEnv({ ...HTTP, ALERT_TOKEN: '', SLACK_APP_TOKEN: '  ' });
    expect(env.alertToken).toBeUndefined();
    expect(env.slackAppToken).toBeUndefined();
    expect(env.socketMode).toBe(false);
  });

  it('names SLACK_BOT_TOKEN when it is missing', () => {
    expect(failure({ SLACK_SIGNING_SECRET: 's' })).toBe('SLACK_BOT_TOKEN is required');
  });

  it('names SLACK_BOT_TOKEN when it is not a bot token, without printing the value', () => {
    const message = failure({ ...HTTP, SLACK_BOT_TOKEN: 'xapp-SUPERSECRET-123' });
    expect(message).toMatch(/^SLACK_BOT_TOKEN /);
    expect(message).toContain('xoxb-');
    expect(message).not.toContain('SUPERSECRET');
  });

  it('names SLACK_APP_TOKEN when it is not an app-level token, without printing the value', () => {
    const message = failure({ ...HTTP, SLACK_APP_TOKEN: 'xoxb-APPSECRET-456' });
    expect(message).toMatch(/^SLACK_APP_TOKEN /);
    expect(message).not.toContain('APPSECRET');
  });

  it('requires SLACK_SIGNING_SECRET in HTTP mode', () => {
    expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(/^SLACK_SIGNING_SECRET is required in HTTP mode/);
    expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' })).toMatch(/^SLACK_SIGNING_SECRET /);
  });

  it('needs no signing secret in Socket Mode', () => {
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(env.socketMode).toBe(true);
    expect(env.slackAppToken).toBe('xapp-1-abc');
    expect(env.slackSigningSecret).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['SLACK_API_URL', 'not a url'],
    ['LOG_LEVEL', 'verbose'],
  ])('names %s when it is %j', (variable, value) => {
    const message = failure({ ...HTTP, [variable]: value });
    expect(message.startsWith(`${variable} `)).toBe(true);
  });

  it('treats an empty value as unset, so the default applies (PORT= is not port 0)', () => {
    const env = loadEnv({ ...HTTP, PORT: '', DATABASE_PATH: '', CRISIS_PLAN: '   ', ALERT_TOKEN: '' });
    expect(env).toMatchObject({ port: 3000, databasePath: './data/crisis.db', crisisPlanPath: './crisis-plan.yml', alertToken: undefined });
    expect(failure({ ...HTTP, SLACK_BOT_TOKEN: '' })).toBe('SLACK_BOT_TOKEN is required');
  });

  it('lists the allowed log levels', () => {
    expect(failure({ ...HTTP, LOG_LEVEL: 'loud' })).toContain('info');
  });

  it('never prints any secret it was given', () => {
    const secrets = { SLACK_SIGNING_SECRET: 'SIGNINGSECRET9', ALERT_TOKEN: 'ALERTSECRET9', SLACK_APP_TOKEN: 'xapp-APPSECRET9' };
    const message = failure({ ...secrets, SLACK_BOT_TOKEN: 'BOTSECRET9', PORT: 'x' });
    for (const value of [...Object.values(secrets), 'BOTSECRET9']) expect(message).not.toContain(value);
  });

  it('reads the Hootsuite token and URL, and refuses a URL that is not one without echoing it', () => {
    const env = loadEnv({ ...HTTP, HOOTSUITE_ACCESS_TOKEN: ' hs-token ', HOOTSUITE_API_URL: 'http://127.0.0.1:9999' });
    expect([env.hootsuiteAccessToken, env.hootsuiteApiUrl]).toEqual(['hs-token', 'http://127.0.0.1:9999']);
    expect(failure({ ...HTTP, HOOTSUITE_API_URL: 'not a url secret-ish' })).toBe('HOOTSUITE_API_URL must be a URL');
  });
});

describe('Hootsuite OAuth in the environment', () => {
  const OAUTH = {
    HOOTSUITE_CLIENT_ID: 'app-id',
    HOOTSUITE_CLIENT_SECRET: 'app-secret-value',
    HOOTSUITE_REFRESH_TOKEN: 'first-refresh-value',
  };

  it('is off without it, and read whole with it, beside or instead of an access token', () => {
    expect(loadEnv({ ...HTTP }).hootsuiteOAuth).toBeUndefined();
    expect(loadEnv({ ...HTTP, ...OAUTH }).hootsuiteOAuth).toEqual({
      clientId: 'app-id',
      clientSecret: 'app-secret-value',
      refreshToken: 'first-refresh-value',
    });
  });

  it('names the one missing, never a value', () => {
    const missing = failure({ ...HTTP, ...OAUTH, HOOTSUITE_CLIENT_SECRET: '' });
    expect(missing).toBe(
      'HOOTSUITE_CLIENT_SECRET is required with Hootsuite OAuth (HOOTSUITE_CLIENT_ID, HOOTSUITE_CLIENT_SECRET and HOOTSUITE_REFRESH_TOKEN go together)',
    );
    expect(failure({ ...HTTP, HOOTSUITE_REFRESH_TOKEN: 'first-refresh-value' })).not.toContain('first-refresh-value');
  });
});

describe('Twilio in the environment', () => {
  const TWILIO = {
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-auth-token-value',
    TWILIO_FROM: '+46766920000',
    PUBLIC_URL: 'https://bot.example.com/',
  };

  it('is off without it, and read whole with it', () => {
    expect(loadEnv({ ...HTTP }).twilio).toBeUndefined();
    expect(loadEnv({ ...HTTP, ...TWILIO }).twilio).toEqual({
      accountSid: TWILIO.TWILIO_ACCOUNT_SID,
      authToken: 'twilio-auth-token-value',
      from: '+46766920000',
      apiUrl: 'https://api.twilio.com',
      publicUrl: 'https://bot.example.com',
    });
  });

  it('names what is missing or wrong, never a value', () => {
    expect(failure({ ...HTTP, ...TWILIO, PUBLIC_URL: '' })).toBe(
      'PUBLIC_URL is required with Twilio (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM and PUBLIC_URL go together)',
    );
    expect(failure({ ...HTTP, ...TWILIO, TWILIO_AUTH_TOKEN: '' })).toMatch(/^TWILIO_AUTH_TOKEN is required with Twilio/);
    expect(failure({ ...HTTP, ...TWILIO, TWILIO_FROM: '0701234567' })).toBe(
      'TWILIO_FROM must be a phone number in E.164 form (e.g. +46701234567)',
    );
    const sid = failure({ ...HTTP, ...TWILIO, TWILIO_ACCOUNT_SID: 'secret-looking-sid' });
    expect(sid).toBe('TWILIO_ACCOUNT_SID must be an account SID (AC followed by 32 hex digits)');
    expect(sid).not.toContain('secret-looking-sid');
  });
});
