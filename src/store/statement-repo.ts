import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  isPlatform,
  type Platform,
  type Publication,
  type Statement,
  type StatementRecord,
  type StatementVersion,
} from '../domain/statements.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { publications, statements, statementVersions } from './schema.js';

type StatementRow = typeof statements.$inferSelect;

function toStatement(row: StatementRow): Statement {
  const platforms = (JSON.parse(row.platforms) as string[]).filter(isPlatform);
  return { ...row, platforms };
}

/** Statements, their versions and publications. Versions are written once and never changed, save for the decision on them. */
export class StatementRepo {
  constructor(private readonly d: Database) {}

  async insert(
    tx: Tx,
    values: { crisisId: number; authorId: string; platforms: readonly Platform[]; createdAt: number },
  ): Promise<Statement> {
    return toStatement(
      await only(
        tx
          .insert(statements)
          .values({ ...values, platforms: JSON.stringify(values.platforms) })
          .returning(),
      ),
    );
  }

  async addVersion(tx: Tx, values: Omit<typeof statementVersions.$inferInsert, 'id'>): Promise<StatementVersion> {
    return only(tx.insert(statementVersions).values(values).returning());
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<Statement | undefined> {
    const row = await first(conn.select().from(statements).where(eq(statements.id, id)));
    return row && toStatement(row);
  }

  async versionById(id: number, conn: Conn = this.d.db): Promise<StatementVersion | undefined> {
    return first(conn.select().from(statementVersions).where(eq(statementVersions.id, id)));
  }

  async record(statementId: number, conn: Conn = this.d.db): Promise<StatementRecord | undefined> {
    const statement = await this.byId(statementId, conn);
    if (!statement) return undefined;
    const versions = await conn
      .select()
      .from(statementVersions)
      .where(eq(statementVersions.statementId, statementId))
      .orderBy(asc(statementVersions.version));
    const ids = new Set(versions.map((v) => v.id));
    const pubs = (await this.publicationsOf(statement.crisisId, conn)).filter((p) => ids.has(p.versionId));
    return { statement, versions, publications: pubs };
  }

  async recordsOf(crisisId: number, conn: Conn = this.d.db): Promise<StatementRecord[]> {
    const rows = await conn
      .select({ id: statements.id })
      .from(statements)
      .where(eq(statements.crisisId, crisisId))
      .orderBy(asc(statements.id));
    const records: StatementRecord[] = [];
    // One after another: inside a transaction they share one connection.
    for (const { id } of rows) {
      const record = await this.record(id, conn);
      if (record) records.push(record);
    }
    return records;
  }

  /** True only for the first decision: a second click approves nothing twice. */
  async approve(tx: Tx, versionId: number, by: string, at: number, hash: string): Promise<boolean> {
    return (
      (
        await tx
          .update(statementVersions)
          .set({ approvedBy: by, approvedAt: at, approvedHash: hash })
          .where(and(eq(statementVersions.id, versionId), isNull(statementVersions.approvedAt)))
          .returning({ id: statementVersions.id })
      ).length === 1
    );
  }

  async requestChanges(tx: Tx, versionId: number, by: string, at: number, reason: string): Promise<void> {
    await tx
      .update(statementVersions)
      .set({ changesBy: by, changesAt: at, changesReason: reason })
      .where(eq(statementVersions.id, versionId));
  }

  async publish(tx: Tx, values: Omit<Publication, 'id'>): Promise<Publication> {
    return only(tx.insert(publications).values(values).returning());
  }

  async publicationsOf(crisisId: number, conn: Conn = this.d.db): Promise<Publication[]> {
    return conn
      .select()
      .from(publications)
      .where(eq(publications.crisisId, crisisId))
      .orderBy(asc(publications.publishedAt), asc(publications.id));
  }

  async setMessage(tx: Tx, statementId: number, channel: string, ts: string): Promise<void> {
    await tx.update(statements).set({ channel, ts }).where(eq(statements.id, statementId));
  }
}
