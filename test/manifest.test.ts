import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND_VERBS } from '../src/domain/command.js';

/**
 * manifest.yml is what a user creates the Slack app from. It must be a manifest Slack accepts
 * (checked against Slack's own JSON Schema, copied into test/fixtures/slack with its MIT licence) and it must grant what the code
 * relies on: the /crisis command, interactivity, and a scope for every Web API method called.
 */

const EVENTS_URL = 'https://crisis-bot.example.com/slack/events';

const manifestText = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');
// The project's own copy, so a fresh clone needs nothing from outside the repository.
const schema = JSON.parse(readFileSync(new URL('./fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

/**
 * Slack's schema is draft-07, but not written for Ajv's strict mode, hence:
 * - `format: "uri"` (on `$schema`): Ajv 8 has no format implementations of its own (they live in
 *   ajv-formats, not a dependency) and throws at compile time on an unknown format, so formats
 *   are not validated. Only the optional `$schema` key uses one; we do not set it.
 * - `regex` (on `background_color`) is Slack's own keyword; it is implemented below, so the
 *   colour is really checked instead of silently skipped.
 * - `_note` is a comment; it is declared as an annotation that validates nothing.
 * - `strictTypes: false`: a few of Slack's definitions use `minItems` without `type: array`.
 * Everything else stays strict, so an unexpected new keyword in an updated schema fails loudly
 * rather than being ignored.
 */
const ajv = new Ajv({ allErrors: true, validateFormats: false, strictTypes: false });
ajv.addKeyword({ keyword: '_note', schemaType: 'string' });
ajv.addKeyword({
  keyword: 'regex',
  type: 'string',
  schemaType: 'string',
  validate: (pattern: string, value: string) => new RegExp(pattern).test(value),
  errors: false,
});
const validate = ajv.compile(schema);

/** Ajv's errors for a manifest, empty when it is valid: a failing `toEqual([])` prints them. */
function errorsOf(manifest: unknown): ErrorObject[] {
  return validate(manifest) ? [] : [...(validate.errors ?? [])];
}

interface Manifest {
  display_information: { name: string; description?: string; background_color?: string };
  features?: {
    bot_user?: { display_name: string };
    app_home?: { home_tab_enabled?: boolean };
    slash_commands?: { command: string; url?: string; description: string; usage_hint?: string; should_escape?: boolean }[];
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    interactivity?: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
  };
}
const manifest = parse(manifestText) as Manifest;

/**
 * Every Web API method the bot calls, with the bot scopes Slack requires for it on the public
 * channels and DMs the bot works with. A new `client.x.y(` call in src/ fails the test below until
 * it is listed here, which forces the question "does the manifest grant it?".
 */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.create': ['channels:manage'],
  'conversations.setTopic': ['channels:manage'],
  'conversations.rename': ['channels:manage'],
  // The summary, pinned in the crisis channel.
  'pins.add': ['pins:write'],
  'conversations.invite': ['channels:manage'],
  'conversations.join': ['channels:join'],
  // The plan's channels, public or private, at start and while the bot is out of one.
  'conversations.info': ['channels:read', 'groups:read'],
  // Called with types: 'public_channel' only.
  'conversations.list': ['channels:read'],
  // Who is in a crisis channel: a reminder names someone outside it, who is invited.
  'conversations.members': ['channels:read'],
  // The triage reminder links the alert's message.
  'chat.getPermalink': [],
  // Opens the DM a page goes to.
  'conversations.open': ['im:write'],
  // Crisis channels (public), the DM with a paged person, and the plan's debrief_channel, which
  // may be a private channel the bot was invited to.
  'conversations.history': ['channels:history', 'im:history', 'groups:history'],
  'conversations.replies': ['channels:history', 'groups:history'],
  // users:read.email is only granted together with users:read.
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  // Many roster emails are matched by listing the workspace's people, emails included.
  'users.list': ['users:read', 'users:read.email'],
  // The name Slack shows for someone outside the roster who acted in a crisis, for the debrief.
  'users.info': ['users:read'],
  // Whether a paged person's notifications are paused (Do Not Disturb, a snooze): then they are called at once.
  'dnd.info': ['dnd:read'],
  'dnd.teamInfo': ['dnd:read'],
  // Each person's Home tab.
  'views.publish': [],
  // A file share's first and last steps (slack/upload-file; the bytes go to the URL between).
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  // A debrief version's file, replaced in its thread by the next.
  'files.delete': ['files:write'],
  // Needs a trigger_id, no scope.
  'views.open': [],
  // The statement form, updated as it is filled in.
  'views.update': [],
};
/** Scopes for features rather than method calls. */
const FEATURE_SCOPES = [
  'commands', // the /crisis slash command
  'im:write', // pages are direct messages
];

const SRC = fileURLToPath(new URL('../src', import.meta.url));
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
const sources = sourceFiles(SRC).map((file) => readFileSync(file, 'utf8'));

/** `client.chat.postMessage(` → `chat.postMessage`, across src/. */
function calledMethods(): string[] {
  const methods = new Set<string>();
  for (const text of sources) {
    for (const match of text.matchAll(/\bclient\.([a-z]+)\.([A-Za-z0-9]+)\s*\(/g)) {
      methods.add(`${match[1]}.${match[2]}`);
    }
  }
  return [...methods].sort();
}

describe('manifest.yml', () => {
  it("is a valid app manifest under Slack's schema", () => {
    expect(errorsOf(manifest)).toEqual([]);
  });

  it('names the app and its bot user', () => {
    expect(manifest.display_information.name).toBe('Crisis Bot');
    expect(manifest.display_information.description).toBeTruthy();
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.features?.bot_user?.display_name).toBeTruthy();
  });

  it('declares /crisis, the command the app listens for, at the events URL', () => {
    expect(sources.some((text) => text.includes("app.command('/crisis'"))).toBe(true);
    const commands = manifest.features?.slash_commands ?? [];
    const crisis = commands.find((c) => c.command === '/crisis');
    expect(crisis).toBeDefined();
    expect(crisis!.url).toBe(EVENTS_URL);
    // /crisis lead @person needs the mention as Slack's <@U…|name>, not as the text "@name".
    expect(crisis!.should_escape).toBe(true);
    for (const word of [
      'open',
      'sev1|sev2|sev3',
      'type:<name>',
      'status',
      'update',
      'escalate',
      'title <text>',
      'type <name>',
      'lead @person',
      'close',
      'list',
      'help',
    ]) {
      expect(crisis!.usage_hint).toContain(word);
    }
  });

  it("/crisis's usage hint names every verb the parser knows, and no other", () => {
    const hint = manifest.features?.slash_commands?.find((c) => c.command === '/crisis')?.usage_hint ?? '';
    // The hint's alternatives are " | "-separated (the pipes inside [sev1|sev2|sev3] have no
    // spaces); each starts with its verb, or with a placeholder that continues the one before
    // ("qa <question> | <answer>").
    const verbs = hint
      .split(' | ')
      .map((alternative) => alternative.split(' ')[0]!)
      .filter((word) => !word.startsWith('<'));
    expect(COMMAND_VERBS.filter((verb) => !verbs.includes(verb))).toEqual([]);
    expect(verbs.filter((word) => word !== 'help' && !(COMMAND_VERBS as readonly string[]).includes(word))).toEqual([]);
    expect(verbs).toContain('help');
  });

  it('subscribes to exactly the events the app listens for, at the events URL, with the Home tab on', () => {
    const listened = [...new Set(sources.flatMap((text) => [...text.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1]!)))].sort();
    expect(listened).toEqual(['app_home_opened']);
    expect(manifest.settings?.event_subscriptions).toEqual({ request_url: EVENTS_URL, bot_events: listened });
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
  });

  it('turns interactivity on at the events URL (buttons and modals)', () => {
    expect(manifest.settings?.interactivity).toEqual({ is_enabled: true, request_url: EVENTS_URL });
  });

  it('defaults to HTTP mode, installed per workspace', () => {
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    expect(manifest.settings?.org_deploy_enabled).toBe(false);
  });

  it('every Web API method called in src/ has its scopes listed here', () => {
    const called = calledMethods();
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
  });

  it('grants exactly the bot scopes the code needs: none missing, none extra', () => {
    const needed = new Set([...calledMethods().flatMap((m) => METHOD_SCOPES[m] ?? []), ...FEATURE_SCOPES]);
    const granted = manifest.oauth_config?.scopes?.bot ?? [];
    expect(new Set(granted).size).toBe(granted.length);
    expect([...granted].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
  });
});

describe('the schema check is not vacuous', () => {
  const copy = (): Manifest & Record<string, unknown> => structuredClone(manifest) as Manifest & Record<string, unknown>;

  it('rejects an unknown top-level key', () => {
    const bad = { ...copy(), crisis_settings: { channel_prefix: 'crisis' } };
    expect(errorsOf(bad)).toContainEqual(
      expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'crisis_settings' } }),
    );
  });

  it('rejects a manifest without display_information', () => {
    const { display_information: _, ...bad } = copy();
    expect(errorsOf(bad)).toContainEqual(
      expect.objectContaining({ keyword: 'required', params: { missingProperty: 'display_information' } }),
    );
  });

  it('rejects a slash command without a leading slash', () => {
    const bad = copy();
    bad.features!.slash_commands![0]!.command = 'crisis';
    expect(errorsOf(bad)).toContainEqual(
      expect.objectContaining({ keyword: 'pattern', instancePath: '/features/slash_commands/0/command' }),
    );
  });

  it("enforces Slack's own `regex` keyword on the background colour", () => {
    const bad = copy();
    bad.display_information.background_color = '#zzzzzz'; // right length, not a colour
    expect(errorsOf(bad)).toContainEqual(
      expect.objectContaining({ keyword: 'regex', instancePath: '/display_information/background_color' }),
    );
  });
});
