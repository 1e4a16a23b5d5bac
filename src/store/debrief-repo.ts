import { and, desc, eq } from 'drizzle-orm';
import { debriefRevisionSchema, type DebriefRevision } from '../domain/debrief.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { debriefVersions } from './schema.js';

export interface DebriefVersion {
  readonly crisisId: number;
  readonly version: number;
  readonly text: string;
  readonly reason: DebriefRevision;
  readonly at: number;
  /** The version's file, once shared in the debrief post's thread: per place the debrief was posted. */
  readonly files?: Partial<Record<DebriefTarget, string>>;
}

/** Where a debrief is posted: the crisis channel, and the plan's debrief channel ("archive"). */
export type DebriefTarget = 'crisis' | 'archive';

/** The debrief's later versions (see schema debriefVersions). */
export class DebriefRepo {
  constructor(private readonly d: Database) {}

  /** The latest version's number: 1 when only the one compiled at close exists. */
  async latest(crisisId: number, conn: Conn = this.d.db): Promise<number> {
    const row = await first(
      conn
        .select({ version: debriefVersions.version })
        .from(debriefVersions)
        .where(eq(debriefVersions.crisisId, crisisId))
        .orderBy(desc(debriefVersions.version))
        .limit(1),
    );
    return row?.version ?? 1;
  }

  async insert(tx: Tx, row: Omit<DebriefVersion, 'files'>): Promise<void> {
    await tx.insert(debriefVersions).values({ ...row, reason: JSON.stringify(row.reason) });
  }

  /** Keeps which file Slack holds for this version in `target`, so the next version can replace it. */
  async fileShared(tx: Tx, crisisId: number, version: number, target: DebriefTarget, fileId: string): Promise<void> {
    await tx
      .update(debriefVersions)
      .set(target === 'crisis' ? { crisisFile: fileId } : { archiveFile: fileId })
      .where(and(eq(debriefVersions.crisisId, crisisId), eq(debriefVersions.version, version)));
  }

  async get(crisisId: number, version: number, conn: Conn = this.d.db): Promise<DebriefVersion | undefined> {
    const row = await first(
      conn
        .select()
        .from(debriefVersions)
        .where(and(eq(debriefVersions.crisisId, crisisId), eq(debriefVersions.version, version))),
    );
    return (
      row && {
        crisisId: row.crisisId,
        version: row.version,
        text: row.text,
        reason: debriefRevisionSchema.parse(JSON.parse(row.reason)),
        at: row.at,
        files: {
          ...(row.crisisFile ? { crisis: row.crisisFile } : {}),
          ...(row.archiveFile ? { archive: row.archiveFile } : {}),
        },
      }
    );
  }
}
