import { and, desc, eq } from 'drizzle-orm';
import { debriefRevisionSchema, type DebriefRevision } from '../domain/debrief.js';
import type { Conn, Db } from './db.js';
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
  constructor(private readonly db: Db) {}

  /** The latest version's number: 1 when only the one compiled at close exists. */
  latest(crisisId: number, conn: Conn = this.db): number {
    return (
      conn
        .select({ version: debriefVersions.version })
        .from(debriefVersions)
        .where(eq(debriefVersions.crisisId, crisisId))
        .orderBy(desc(debriefVersions.version))
        .get()?.version ?? 1
    );
  }

  insert(tx: Conn, row: DebriefVersion): void {
    tx.insert(debriefVersions)
      .values({ ...row, reason: JSON.stringify(row.reason) })
      .run();
  }

  get(crisisId: number, version: number, conn: Conn = this.db): DebriefVersion | undefined {
    const row = conn
      .select()
      .from(debriefVersions)
      .where(and(eq(debriefVersions.crisisId, crisisId), eq(debriefVersions.version, version)))
      .get();
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
