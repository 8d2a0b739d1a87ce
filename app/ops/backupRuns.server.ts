// The backup_run rows (docs/decisions/075), written with `pg` by the backup itself so the CLI, the upgrade backup
// and the app's job record runs the same way. Each finished run also lands in the audit log (system actor unless
// an administrator asked for it).
import type pg from "pg";
import type { BackupKindKey } from "./backupFormat";
import type { BackupResult } from "./backup.server";

export const RUN_TABLE = "backup_run";

export async function markInterruptedRuns(client: pg.Client, at: Date) {
  await client.query(
    `UPDATE backup_run SET status = 'FAILED', finished_at = $1, error = '备份进程中断，未完成（进程退出或数据库重启）'
      WHERE status = 'RUNNING'`,
    [at],
  );
}

/** A new RUNNING run; null when it is a nightly run whose date already has one. */
export async function insertRun(
  client: pg.Client,
  r: { kind: BackupKindKey; nightlyOn: string | null; requestedById: number | null; startedAt: Date },
): Promise<number | null> {
  const { rows } = await client.query(
    `INSERT INTO backup_run (kind, status, nightly_on, requested_by_id, started_at)
     VALUES ($1, 'RUNNING', $2::date, $3, $4)
     ON CONFLICT (nightly_on) DO NOTHING RETURNING id`,
    [r.kind, r.nightlyOn, r.requestedById, r.startedAt],
  );
  return rows[0]?.id ?? null;
}

export async function finishRun(
  client: pg.Client,
  id: number,
  at: Date,
  outcome: { ok: true; result: BackupResult } | { ok: false; error: string },
) {
  const set = outcome.ok
    ? {
        status: "SUCCEEDED",
        name: outcome.result.name,
        size: outcome.result.manifest.totals.bytes,
        rows: outcome.result.manifest.totals.rows,
        files: outcome.result.manifest.totals.files,
        error: null,
      }
    : { status: "FAILED", name: null, size: null, rows: null, files: null, error: outcome.error };
  await client.query("BEGIN");
  try {
    const { rows } = await client.query(
      `UPDATE backup_run SET status = $2, name = $3, size_bytes = $4, row_count = $5, file_count = $6, error = $7,
              finished_at = $8
        WHERE id = $1 RETURNING kind, requested_by_id`,
      [id, set.status, set.name, set.size, set.rows, set.files, set.error, at],
    );
    await client.query(
      `INSERT INTO audit_event (at, actor_id, action, entity, entity_id, after)
       VALUES ($1, $2, $3, 'BackupRun', $4, $5)`,
      [
        at,
        rows[0]?.requested_by_id ?? null,
        outcome.ok ? "BACKUP_SUCCEEDED" : "BACKUP_FAILED",
        String(id),
        JSON.stringify({
          kind: rows[0]?.kind,
          status: set.status,
          name: set.name,
          sizeBytes: set.size,
          error: set.error,
        }),
      ],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}
