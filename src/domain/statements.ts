import { createHash } from 'node:crypto';

/** Each platform's limit on a post's text, in characters: the one table the counts use. */
export const PLATFORMS = {
  x: { name: 'X', max: 280 },
  instagram: { name: 'Instagram', max: 2200 },
  linkedin: { name: 'LinkedIn', max: 3000 },
  tiktok: { name: 'TikTok', max: 2200 },
  facebook: { name: 'Facebook', max: 63206 },
} as const;
export type Platform = keyof typeof PLATFORMS;
export const PLATFORM_IDS = Object.keys(PLATFORMS) as Platform[];
export const isPlatform = (word: string): word is Platform => Object.hasOwn(PLATFORMS, word);

/** A platform as people name it ("LinkedIn", not `linkedin`); a word the bot does not know, as it was given. */
export const platformLabel = (word: string): string => (isPlatform(word) ? PLATFORMS[word].name : word);

/** Longest statement the bot takes (Slack's modal input holds 3000). */
export const MAX_STATEMENT = 3000;

export interface Statement {
  readonly id: number;
  readonly crisisId: number;
  readonly authorId: string;
  readonly platforms: readonly Platform[];
  readonly createdAt: number;
  readonly channel: string | null;
  readonly ts: string | null;
}

export interface StatementVersion {
  readonly id: number;
  readonly statementId: number;
  readonly version: number;
  readonly text: string;
  readonly hash: string;
  readonly authorId: string;
  readonly createdAt: number;
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
  readonly approvedHash: string | null;
  readonly changesBy: string | null;
  readonly changesAt: number | null;
  readonly changesReason: string | null;
}

export interface Publication {
  readonly id: number;
  readonly crisisId: number;
  readonly versionId: number;
  readonly platform: string;
  readonly url: string;
  readonly publishedBy: string;
  readonly publishedAt: number;
  /** Posted by hand and marked (its text not checked), or sent by the bot through Hootsuite. */
  readonly via: 'hand' | 'hootsuite';
}

/** An approved version sent through the scheduler to one account (see schema statementSends). */
export interface StatementSend {
  readonly id: number;
  readonly crisisId: number;
  readonly versionId: number;
  readonly account: string;
  readonly handle: string | null;
  readonly profileId: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly state: 'sending' | 'waiting' | 'sent' | 'failed';
  readonly messageId: string | null;
  readonly sentAt: number | null;
  readonly failure: string | null;
}

/** A statement with all its versions (oldest first) and where it was published. */
export interface StatementRecord {
  readonly statement: Statement;
  readonly versions: readonly StatementVersion[];
  readonly publications: readonly Publication[];
  /** Its sends through the scheduler, each account's state. */
  readonly sends: readonly StatementSend[];
}

export const current = (r: StatementRecord): StatementVersion => r.versions.at(-1)!;

/** The exact text an approval covers. */
export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Characters as people and platforms count them (code points, not UTF-16 units). */
export const length = (text: string): number => [...text].length;

/**
 * A plan statement with the crisis's title and the company filled in. `{topic}` stays: it is the
 * subject in words meant for the public (never the crisis's internal title), asked for in the
 * form and put in at submission (fillTopic).
 */
export function fillTemplate(text: string, values: { title: string; company: string | undefined }): string {
  return text.replace(/\{title\}/g, values.title).replace(/\{company\}/g, values.company ?? '{company}');
}

export const TOPIC = '{topic}';

/** The text with the public wording of the subject in place of every `{topic}`. */
export const fillTopic = (text: string, topic: string): string => text.split(TOPIC).join(topic);

/** Approved, on exactly this text. */
export const isApproved = (v: StatementVersion): boolean => v.approvedAt !== null && v.approvedHash === v.hash;

/** Every publication of a crisis, earliest first. */
export function publishedOf(snap: { readonly statements: readonly StatementRecord[] }): Publication[] {
  return snap.statements.flatMap((r) => r.publications).sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id);
}

/** The current public line: the latest version published. */
export function publicLine(records: readonly StatementRecord[]): { version: StatementVersion; publication: Publication } | undefined {
  const latest = publishedOf({ statements: records }).at(-1);
  if (!latest) return undefined;
  const version = records.flatMap((r) => r.versions).find((v) => v.id === latest.versionId)!;
  return { version, publication: latest };
}

/** Versions that wait for a decision: the current one of each statement, not approved and not sent back. */
export function waitingForApproval(records: readonly StatementRecord[]): StatementVersion[] {
  return records.map(current).filter((v) => v.approvedAt === null && v.changesAt === null);
}

/** The platform an account is on, by its name in the plan ("Instagram"), when the bot knows it. */
export function accountPlatform(name: string): Platform | undefined {
  const n = name.trim().toLowerCase();
  return PLATFORM_IDS.find((p) => p === n || PLATFORMS[p].name.toLowerCase() === n);
}

/** An account an approved text may be published on, or why it may not: over the platform's length. */
export interface PublishTarget<A> {
  readonly account: A;
  readonly tooLong: { readonly count: number; readonly platform: Platform; readonly max: number } | undefined;
}

/** The plan's accounts with `publish: true` and a scheduler, each with whether the text fits its platform. */
export function publishTargets<A extends { name: string; publish: boolean; scheduler: unknown }>(
  accounts: readonly A[],
  text: string,
): PublishTarget<A>[] {
  return accounts
    .filter((a) => a.publish && a.scheduler !== undefined)
    .map((account) => {
      const platform = accountPlatform(account.name);
      const count = length(text);
      const over = platform !== undefined && count > PLATFORMS[platform].max;
      return { account, tooLong: over ? { count, platform, max: PLATFORMS[platform].max } : undefined };
    });
}
