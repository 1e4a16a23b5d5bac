import { createHash } from 'node:crypto';

/**
 * The response queue: every public post that needs an answer. The guides say answer everyone,
 * briefly and factually; move heated exchanges to a private channel; never delete criticism,
 * only hate speech and the like, and then keep a record first.
 */
export type ResponseState = 'open' | 'answered' | 'moved' | 'removed';

export interface ResponseItem {
  readonly id: number;
  readonly crisisId: number;
  readonly url: string;
  readonly urlKey: string;
  readonly platform: string;
  readonly note: string | null;
  readonly addedBy: string;
  readonly addedAt: number;
  readonly state: ResponseState;
  readonly handledBy: string | null;
  readonly handledAt: number | null;
  readonly replyUrl: string | null;
  readonly escalatedBy: string | null;
  readonly escalatedAt: number | null;
  readonly channel: string | null;
  readonly ts: string | null;
  readonly claimedBy: string | null;
  readonly claimedAt: number | null;
  /** From the listening tool: who wrote the post, what it says, when. */
  readonly author: string | null;
  readonly text: string | null;
  readonly postedAt: number | null;
  readonly remindedAt: number | null;
}

/** Who added a post from the listening tool (POST /responses) rather than from Slack. */
export const LISTENING = 'listening';

/** What an item's message shows changes with these: the same version, the same message. */
export function itemVersion(item: ResponseItem): string {
  return [item.state, item.handledBy, item.claimedBy, item.escalatedAt].join('|');
}

export interface Evidence {
  readonly id: number;
  readonly responseId: number;
  readonly crisisId: number;
  readonly reason: string;
  readonly author: string;
  readonly postedAt: number;
  readonly text: string;
  readonly textHash: string;
  readonly screenshotUrl: string | null;
  readonly recordedBy: string;
  readonly recordedAt: number;
}

/** Platforms recognised from a post's address; anything else is `web`. Names are proper nouns. */
export const RESPONSE_PLATFORMS: Readonly<Record<string, { readonly name: string; readonly hosts: readonly string[] }>> = {
  x: { name: 'X', hosts: ['x.com', 'twitter.com'] },
  instagram: { name: 'Instagram', hosts: ['instagram.com'] },
  facebook: { name: 'Facebook', hosts: ['facebook.com', 'fb.com', 'fb.watch'] },
  linkedin: { name: 'LinkedIn', hosts: ['linkedin.com', 'lnkd.in'] },
  tiktok: { name: 'TikTok', hosts: ['tiktok.com'] },
  youtube: { name: 'YouTube', hosts: ['youtube.com', 'youtu.be'] },
  threads: { name: 'Threads', hosts: ['threads.net', 'threads.com'] },
  reddit: { name: 'Reddit', hosts: ['reddit.com', 'redd.it'] },
  trustpilot: { name: 'Trustpilot', hosts: ['trustpilot.com'] },
};

/** An http(s) address with a host, or undefined. */
export function parsePostUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') ? url : undefined;
  } catch {
    return undefined;
  }
}

export function platformOf(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|web)\./, '');
  for (const [id, p] of Object.entries(RESPONSE_PLATFORMS)) {
    if (p.hosts.some((h) => host === h || host.endsWith(`.${h}`))) return id;
  }
  return 'web';
}

/** Query parameters that only say where a link was shared from, not which post it is. */
const TRACKING = /^(utm_\w+|fbclid|gclid|igsh|igshid|si|s|t|ref|ref_src|ref_url|mibextid)$/i;

/**
 * The same post however it was copied: scheme, `www.`/`m.`, case of the host, tracking
 * parameters, a trailing slash and the fragment do not make a second item.
 */
export function urlKey(url: URL): string {
  const host = url.hostname
    .toLowerCase()
    .replace(/^(www|m|mobile)\./, '')
    .replace(/^twitter\.com$/, 'x.com');
  // By code unit, not localeCompare: the key only has to be the same each time, and a process's
  // first localeCompare maps about 2 MiB of ICU's collation data that it then keeps.
  const params = [...url.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${url.pathname.replace(/\/+$/, '')}${query}`;
}

/** The first http(s) link in a Slack message's text (`<https://…|label>` or bare). */
export function firstLink(text: string): URL | undefined {
  for (const m of text.matchAll(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>|(https?:\/\/[^\s<>]+)/g)) {
    const url = parsePostUrl(m[1] ?? m[2]!);
    if (url) return url;
  }
  return undefined;
}

export const evidenceHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface QueueFigures {
  readonly total: number;
  readonly open: number;
  readonly answered: number;
  readonly moved: number;
  readonly removed: number;
  /** From added to answered (or moved to private), the median over those handled so. */
  readonly medianAnswerMs: number | undefined;
}

/** Words the team has already approved, to answer a post with: a published statement, or a Q&A answer. */
export interface ApprovedAnswer {
  /** `s<version id>` or `q<Q&A entry id>`: what the form's choice names. */
  readonly id: string;
  readonly kind: 'statement' | 'qa';
  /** What the choice shows: the statement's text, or the Q&A's question. */
  readonly label: string;
  readonly text: string;
}

/**
 * The published statements (the version that went out, the latest first) and the Q&A's answers:
 * what may be said in public without asking again.
 */
export function approvedAnswers(
  statements: readonly {
    versions: readonly { id: number; text: string }[];
    publications: readonly { versionId: number; publishedAt: number }[];
  }[],
  qa: readonly { id: number; question: string; answer: string }[],
): ApprovedAnswer[] {
  const published = statements
    .flatMap((record) => {
      const last = [...record.publications].sort((a, b) => b.publishedAt - a.publishedAt)[0];
      const version = last && record.versions.find((v) => v.id === last.versionId);
      return version ? [{ version, at: last.publishedAt }] : [];
    })
    .sort((a, b) => b.at - a.at)
    .map(({ version }): ApprovedAnswer => ({ id: `s${version.id}`, kind: 'statement', label: version.text, text: version.text }));
  return [...published, ...qa.map((e): ApprovedAnswer => ({ id: `q${e.id}`, kind: 'qa', label: e.question, text: e.answer }))];
}

/** Open posts, oldest first. */
export function openItems(items: readonly ResponseItem[]): ResponseItem[] {
  return items.filter((i) => i.state === 'open').sort((a, b) => a.addedAt - b.addedAt || a.id - b.id);
}

/** Who has claimed how many of the open posts, most first; and how many nobody has. */
export function claims(items: readonly ResponseItem[]): { byPerson: [string, number][]; unclaimed: number } {
  const open = openItems(items);
  const counts = new Map<string, number>();
  for (const item of open) if (item.claimedBy) counts.set(item.claimedBy, (counts.get(item.claimedBy) ?? 0) + 1);
  return {
    byPerson: [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)),
    unclaimed: open.filter((i) => !i.claimedBy).length,
  };
}

/** The digest slot posts added at `at` are reminded in: a quarter of `remindAfterMs` wide. */
export function digestSlot(at: number, remindAfterMs: number): { slot: number; runAt: number } {
  const width = Math.max(1000, Math.floor(remindAfterMs / 4));
  const slot = Math.ceil((at + remindAfterMs) / width);
  return { slot, runAt: slot * width };
}

export function queueFigures(items: readonly ResponseItem[]): QueueFigures {
  const count = (s: ResponseState) => items.filter((i) => i.state === s).length;
  const times = items
    .filter((i) => (i.state === 'answered' || i.state === 'moved') && i.handledAt !== null)
    .map((i) => i.handledAt! - i.addedAt)
    .sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length === 0 ? undefined : times.length % 2 ? times[mid]! : Math.round((times[mid - 1]! + times[mid]!) / 2);
  return {
    total: items.length,
    open: count('open'),
    answered: count('answered'),
    moved: count('moved'),
    removed: count('removed'),
    medianAnswerMs: median,
  };
}
