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
}

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

  async insert(tx: Tx, row: DebriefVersion): Promise<void> {
    await tx.insert(debriefVersions).values({ ...row, reason: JSON.stringify(row.reason) });
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
      }
    );
  }
}
