// Small factories for integration tests: each creates its own rows (with plain SQL, independently of the app code
// under test) and returns their ids, so a test asserts on data it made instead of rows picked out of the demo seed
// by magic names. Every name and code carries a sequence number, so factories never collide within a database.
// Reference data (counties, industries, service teams) is the seed's: it is the same in every database.
import type pg from "pg";
import { makeCreditCode } from "~/domain/creditCode";

type MilestoneStage = "SIGNED" | "LAND" | "FUNDING" | "STARTED" | "COMPLETED";
type Role = "ADMIN" | "BUREAU" | "LEADER" | "EIC" | "COUNTY" | "TEAM" | "ENTERPRISE" | "SECADMIN" | "AUDITOR";

let seq = 0;
/** A number unique in this test file's process (test files run in their own database). */
function next(): number {
  seq += 1;
  return seq;
}

async function idOf(sql: pg.Client, q: string, params: unknown[]): Promise<number> {
  const { rows } = await sql.query(q, params);
  if (!rows[0]) throw new Error(`factory: nothing found for ${q} ${JSON.stringify(params)}`);
  return rows[0].id as number;
}

/** A county's id by name (the seed's counties and zones). */
export const countyNamed = (sql: pg.Client, name: string) => idOf(sql, "SELECT id FROM county WHERE name = $1", [name]);
/** A service team's id by its number (第1…30专业化服务小组). */
export const teamNo = (sql: pg.Client, no: number) => idOf(sql, "SELECT id FROM service_team WHERE no = $1", [no]);

export interface EnterpriseRow {
  id: number;
  name: string;
  creditCode: string;
}

/** An enterprise with a valid, unique 统一社会信用代码. */
export async function createEnterprise(
  sql: pg.Client,
  over: { name?: string; countyId?: number | null; serviceTeamId?: number | null } = {},
): Promise<EnterpriseRow> {
  const n = next();
  const name = over.name ?? `测试企业${n}有限公司`;
  const creditCode = makeCreditCode(
    "91",
    "140700",
    `FX${String(n).padStart(4, "0")}${String(process.pid % 1000).padStart(3, "0")}`,
  );
  const { rows } = await sql.query(
    `INSERT INTO enterprise (name, credit_code, county_id, service_team_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [name, creditCode, over.countyId ?? null, over.serviceTeamId ?? null],
  );
  return { id: rows[0].id, name, creditCode };
}

export interface ProjectSpec {
  countyId: number;
  name?: string;
  serviceTeamId?: number | null;
  enterpriseId?: number | null;
  origin?: "ATTRACTION" | "LOCAL";
  totalInvestment?: number;
  contractAmount?: number;
  planYear?: number;
  isTransformation?: boolean;
  pool?: "ACTIVE" | "RESERVE" | "WITHDRAWN";
  /** [longitude, latitude] of the site; none = not located. */
  location?: [number, number] | null;
  /** 可公开推介 */
  publicPromotion?: boolean;
  /** Milestones by stage: planned and actual dates (YYYY-MM-DD); the trigger derives the stage from them. */
  milestones?: Partial<Record<MilestoneStage, { planned?: string | null; actual?: string | null }>>;
}

export interface ProjectRow {
  id: number;
  code: string;
  name: string;
}

/** A project (the seed's first industry) with the milestones given; stage and derived dates come from triggers. */
export async function createProject(sql: pg.Client, spec: ProjectSpec): Promise<ProjectRow> {
  const n = next();
  const code = `FX-${process.pid}-${n}`;
  const name = spec.name ?? `工厂测试项目${n}`;
  const origin = spec.origin ?? "ATTRACTION";
  const { rows } = await sql.query(
    `INSERT INTO project (code, name, county_id, industry_id, enterprise_id, origin, total_investment, contract_amount,
                          plan_year, is_transformation, pool, service_team_id, longitude, latitude, public_promotion)
     VALUES ($1, $2, $3, (SELECT id FROM industry ORDER BY sort_order, id LIMIT 1), $4, $5, $6, $7, $8, $9, $10, $11,
             $12, $13, $14)
     RETURNING id`,
    [
      code,
      name,
      spec.countyId,
      spec.enterpriseId ?? null,
      origin,
      spec.totalInvestment ?? 10_000,
      spec.contractAmount ?? (origin === "ATTRACTION" ? 8_000 : 0),
      spec.planYear ?? 2017,
      spec.isTransformation ?? false,
      spec.pool ?? "ACTIVE",
      spec.serviceTeamId ?? null,
      spec.location?.[0] ?? null,
      spec.location?.[1] ?? null,
      spec.publicPromotion ?? false,
    ],
  );
  const id = rows[0].id as number;
  for (const [stage, m] of Object.entries(spec.milestones ?? {})) {
    await sql.query(
      `INSERT INTO milestone (project_id, stage, planned_on, actual_on, evidence_no) VALUES ($1, $2, $3, $4, $5)`,
      [id, stage, m?.planned ?? null, m?.actual ?? null, m?.actual ? `FX-${stage}-${n}` : null],
    );
  }
  return { id, code, name };
}

export interface IssueSpec {
  enterpriseId: number;
  countyId: number;
  projectId?: number | null;
  teamId?: number | null;
  level?: "TEAM" | "COUNTY" | "CITY" | "PROVINCE";
  status?: "SUBMITTED" | "ACCEPTED" | "RESPONDED" | "RESOLVED" | "CLOSED" | "REOPENED";
  category?: string;
  title?: string;
  /** When it was submitted (and its clock started): default the demo clock's start, 2017-11-20 09:00 Beijing. */
  at?: string;
}

/**
 * An enterprise issue at a level. Its deadlines are plain calendar days after `at` (1 / 3 / 7), not the 13710
 * working-day rule: tests of the clock itself compute theirs.
 */
export async function createIssue(sql: pg.Client, spec: IssueSpec): Promise<{ id: number; code: string }> {
  const n = next();
  const code = `FX-SQ-${process.pid}-${n}`;
  const { rows } = await sql.query(
    `INSERT INTO coordination_issue (code, enterprise_id, project_id, county_id, team_id, category, title, description,
                                     level, status, submitted_at, clock_started_at, level_entered_at,
                                     accept_due_at, respond_due_at, resolve_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11,
             $11::timestamptz + interval '1 day', $11::timestamptz + interval '3 days', $11::timestamptz + interval '7 days')
     RETURNING id`,
    [
      code,
      spec.enterpriseId,
      spec.projectId ?? null,
      spec.countyId,
      spec.teamId ?? null,
      spec.category ?? "LAND",
      spec.title ?? `工厂测试诉求${n}`,
      "由测试工厂创建的诉求。",
      spec.level ?? "TEAM",
      spec.status ?? "SUBMITTED",
      spec.at ?? "2017-11-20T01:00:00.000Z",
    ],
  );
  return { id: rows[0].id, code };
}

/**
 * A user of a role with the scope the role needs, who signs in with the demo password (`cookieFor(username)` in
 * tests/support/requests.ts): the password hash is copied from a demo account, and the account is marked as demo
 * so the demo clock exempts it from password expiry.
 */
export async function createUser(
  sql: pg.Client,
  role: Role,
  scope: { countyId?: number; teamId?: number; enterpriseId?: number } = {},
): Promise<{ id: number; username: string }> {
  const n = next();
  const username = `fx.${role.toLowerCase()}.${process.pid}.${n}`;
  const { rows } = await sql.query(
    `INSERT INTO app_user (username, password_hash, display_name, role, county_id, team_id, enterprise_id, is_demo,
                           password_changed_at)
     SELECT $1, password_hash, $2, $3, $4, $5, $6, true, password_changed_at FROM app_user WHERE username = 'bureau'
     RETURNING id`,
    [username, `测试用户${n}`, role, scope.countyId ?? null, scope.teamId ?? null, scope.enterpriseId ?? null],
  );
  if (!rows[0]) throw new Error("factory: the demo account bureau is missing");
  return { id: rows[0].id, username };
}
