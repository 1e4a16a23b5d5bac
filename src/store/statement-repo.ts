import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  isPlatform,
  type Platform,
  type Publication,
  type Statement,
  type StatementRecord,
  type StatementVersion,
} from '../domain/statements.js';
import type { Conn, Db } from './db.js';
import { publications, statements, statementVersions } from './schema.js';

type StatementRow = typeof statements.$inferSelect;

function toStatement(row: StatementRow): Statement {
  const platforms = (JSON.parse(row.platforms) as string[]).filter(isPlatform);
  return { ...row, platforms };
}

/** Statements, their versions and publications. Versions are written once and never changed, save for the decision on them. */
export class StatementRepo {
  constructor(private readonly db: Db) {}

  insert(tx: Conn, values: { crisisId: number; authorId: string; platforms: readonly Platform[]; createdAt: number }): Statement {
    return toStatement(
      tx
        .insert(statements)
        .values({ ...values, platforms: JSON.stringify(values.platforms) })
        .returning()
        .get(),
    );
  }

  addVersion(tx: Conn, values: Omit<typeof statementVersions.$inferInsert, 'id'>): StatementVersion {
    return tx.insert(statementVersions).values(values).returning().get();
  }

  byId(id: number, conn: Conn = this.db): Statement | undefined {
    const row = conn.select().from(statements).where(eq(statements.id, id)).get();
    return row && toStatement(row);
  }

  versionById(id: number, conn: Conn = this.db): StatementVersion | undefined {
    return conn.select().from(statementVersions).where(eq(statementVersions.id, id)).get();
  }

  record(statementId: number, conn: Conn = this.db): StatementRecord | undefined {
    const statement = this.byId(statementId, conn);
    if (!statement) return undefined;
    const versions = conn
      .select()
      .from(statementVersions)
      .where(eq(statementVersions.statementId, statementId))
      .orderBy(asc(statementVersions.version))
      .all();
    const ids = new Set(versions.map((v) => v.id));
    const pubs = this.publicationsOf(statement.crisisId, conn).filter((p) => ids.has(p.versionId));
    return { statement, versions, publications: pubs };
  }

  recordsOf(crisisId: number, conn: Conn = this.db): StatementRecord[] {
    const rows = conn
      .select({ id: statements.id })
      .from(statements)
      .where(eq(statements.crisisId, crisisId))
      .orderBy(asc(statements.id))
      .all();
    return rows.map((r) => this.record(r.id, conn)!);
  }

  /** True only for the first decision: a second click approves nothing twice. */
  approve(tx: Conn, versionId: number, by: string, at: number, hash: string): boolean {
    return (
      tx
        .update(statementVersions)
        .set({ approvedBy: by, approvedAt: at, approvedHash: hash })
        .where(and(eq(statementVersions.id, versionId), isNull(statementVersions.approvedAt)))
        .run().changes === 1
    );
  }

  requestChanges(tx: Conn, versionId: number, by: string, at: number, reason: string): void {
    tx.update(statementVersions)
      .set({ changesBy: by, changesAt: at, changesReason: reason })
      .where(eq(statementVersions.id, versionId))
      .run();
  }

  publish(tx: Conn, values: Omit<Publication, 'id'>): Publication {
    return tx.insert(publications).values(values).returning().get();
  }

  publicationsOf(crisisId: number, conn: Conn = this.db): Publication[] {
    return conn
      .select()
      .from(publications)
      .where(eq(publications.crisisId, crisisId))
      .orderBy(asc(publications.publishedAt), asc(publications.id))
      .all();
  }

  setMessage(tx: Conn, statementId: number, channel: string, ts: string): void {
    tx.update(statements).set({ channel, ts }).where(eq(statements.id, statementId)).run();
  }
}
