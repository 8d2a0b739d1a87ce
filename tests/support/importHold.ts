// Holding an import worker at a chosen update of its job row, so a test can look at the job (or change the
// database) while the worker is mid-way, then let it go on. The hold is a test trigger on import_job that waits
// for a PostgreSQL advisory lock the test holds on its own connection: the worker's previous progress write is
// committed and visible, the matching one waits.
import pg from "pg";

let next = 7_000;

export interface Hold {
  /** Resolves once a worker waits at the hold; rejects if `worker` ends first or after `ms`. */
  reached(worker?: Promise<unknown>, ms?: number): Promise<void>;
  /** Lets the worker go on. */
  release(): Promise<void>;
  /** Drops the trigger (call after the worker has finished). */
  drop(): Promise<void>;
}

/** Holds the first update of an import_job row for which `when` (SQL over OLD and NEW) is true. */
export async function holdJobUpdate(sql: pg.Client, when: string): Promise<Hold> {
  const key = next++;
  const name = `test_hold_${key}`;
  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  await holder.query("SELECT pg_advisory_lock($1)", [key]);
  await sql.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF ${when} THEN PERFORM pg_advisory_xact_lock(${key}); END IF; RETURN NEW; END $$`);
  await sql.query(`CREATE TRIGGER ${name} BEFORE UPDATE ON import_job FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await holder.query("SELECT pg_advisory_unlock($1)", [key]);
    await holder.end();
  };
  return {
    async reached(worker, ms = 120_000) {
      const until = Date.now() + ms;
      let ended = false;
      worker?.then(
        () => (ended = true),
        () => (ended = true),
      );
      for (;;) {
        const { rows } = await sql.query(
          `SELECT count(*)::int n FROM pg_locks
            WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [key],
        );
        if (rows[0].n > 0) return;
        if (ended) throw new Error(`the worker finished without reaching the hold (${when})`);
        if (Date.now() > until) throw new Error(`the worker did not reach the hold (${when}) within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    release,
    async drop() {
      await release();
      await sql.query(`DROP TRIGGER IF EXISTS ${name} ON import_job`);
      await sql.query(`DROP FUNCTION IF EXISTS ${name}()`);
    },
  };
}
