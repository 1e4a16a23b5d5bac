import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  isPlatform,
  type Platform,
  type Publication,
  type Statement,
  type StatementRecord,
  type StatementSend,
  type StatementVersion,
} from '../domain/statements.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { publications, statementSends, statements, statementVersions } from './schema.js';

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
    const sends = ids.size
      ? await conn
          .select()
          .from(statementSends)
          .where(inArray(statementSends.versionId, [...ids]))
          .orderBy(asc(statementSends.id))
      : [];
    return { statement, versions, publications: pubs, sends };
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

  async publish(tx: Tx, values: Omit<Publication, 'id' | 'via'> & { via?: Publication['via'] }): Promise<Publication> {
    return only(tx.insert(publications).values(values).returning());
  }

  /** Files a send (again, after a refusal); undefined when this version is on its way or out to that profile. */
  async fileSend(
    tx: Tx,
    values: Omit<StatementSend, 'id' | 'state' | 'messageId' | 'sentAt' | 'failure'>,
  ): Promise<StatementSend | undefined> {
    // A send the scheduler refused may be tried again; one on its way or out may not.
    const [row] = await tx
      .insert(statementSends)
      .values(values)
      .onConflictDoUpdate({
        target: [statementSends.versionId, statementSends.profileId],
        set: { state: 'sending', requestedBy: values.requestedBy, requestedAt: values.requestedAt, messageId: null, failure: null },
        setWhere: eq(statementSends.state, 'failed'),
      })
      .returning();
    return row;
  }

  async sendById(id: number, conn: Conn = this.d.db): Promise<StatementSend | undefined> {
    return first(conn.select().from(statementSends).where(eq(statementSends.id, id)));
  }

  /** Moves a send on, from one of `from`; whether it moved (a second report of the same changes nothing). */
  async moveSend(
    tx: Tx,
    id: number,
    from: readonly StatementSend['state'][],
    to: Partial<Pick<StatementSend, 'state' | 'messageId' | 'sentAt' | 'failure'>>,
  ): Promise<boolean> {
    const moved = await tx
      .update(statementSends)
      .set(to)
      .where(and(eq(statementSends.id, id), inArray(statementSends.state, [...from])))
      .returning({ id: statementSends.id });
    return moved.length === 1;
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
