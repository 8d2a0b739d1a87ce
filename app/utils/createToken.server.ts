// Create actions are idempotent (docs/decisions/093): every create form carries a one-time token (the hidden
// <CreateToken /> field, minted by the signed-in shell's loader), and the command that creates the row claims the
// token in the same transaction (`once`). The primary key (user, purpose, token) lets only one transaction hold a
// token: a second submission of the same form waits for the first to commit, then answers what the first answered
// instead of creating another row — ten parallel posts make one row, never a 500.
import { createHash, randomUUID } from "node:crypto";
import {
  CREATE_TOKEN_FIELD,
  MISSING_TOKEN_MESSAGE,
  REUSED_TOKEN_MESSAGE,
  canonicalInput,
  parseCreateToken,
} from "~/domain/createToken";
import { Refusal } from "~/domain/refusal";
import { toAuditJson } from "./audit.server";
import { now } from "./clock.server";
import type { Tx } from "./db.server";

/** How long a token is remembered: a repeat comes within seconds; an older page creates anew. */
const KEEP_MS = 2 * 24 * 3600 * 1000;

/** A fresh token for the forms of one page (random, 122 bits). */
export function newCreateToken(): string {
  return randomUUID();
}

/** One submission's claim on its token. `replayed` turns true when `once` answered the first submission's result. */
export class CreateClaim {
  replayed = false;
  constructor(
    readonly userId: number,
    readonly purpose: string,
    readonly token: string,
    /** sha256 of the submitted fields: the same form sent again, or a stale form reused for other input */
    readonly fingerprint: string,
  ) {}
}

/**
 * The claim of a create form's token, for `once`. `purpose` names what the form creates (e.g. "FundingRecord");
 * `fields` are the submitted fields. A form without a token is refused (400), so no create path can duplicate.
 */
export function claimCreate(
  viewer: { id: number },
  purpose: string,
  fields: Record<string, unknown> | FormData,
): CreateClaim {
  const values = fields instanceof FormData ? formValues(fields) : fields;
  const token = parseCreateToken(values[CREATE_TOKEN_FIELD]);
  if (!token) throw Refusal.form(MISSING_TOKEN_MESSAGE);
  const fingerprint = createHash("sha256").update(canonicalInput(values)).digest("hex");
  return new CreateClaim(viewer.id, purpose, token, fingerprint);
}

/** sha256 of uploaded bytes, for a claim's input (a repeat sends the same file). */
export function digest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function formValues(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const [k, v] of fd.entries()) (out[k] ??= []).push(typeof v === "string" ? v : null);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

/**
 * Runs `create` once per token, inside the caller's transaction `tx` (call it first thing in the transaction, so
 * the token and the row commit or roll back together). A second claim of the same token waits for the first
 * transaction; once that has committed it gets the first result (as JSON: ids, numbers, strings) without running
 * `create`, and `claim.replayed` is set. The same token with other input is refused (409). Without a claim
 * (commands called by jobs, the seed or tests) `create` simply runs. `remember` chooses what a repeat may see
 * (e.g. not a one-time password).
 */
export async function once<T>(
  tx: Tx,
  claim: CreateClaim | null | undefined,
  create: () => Promise<T>,
  opts: { remember?: (result: T) => unknown } = {},
): Promise<T> {
  if (!claim) return create();
  const key = { userId: claim.userId, purpose: claim.purpose, token: claim.token };
  const at = now();
  // ON CONFLICT DO NOTHING: waits while another transaction holds the same key, inserts nothing once it committed
  const { count } = await tx.createToken.createMany({
    data: [{ ...key, fingerprint: claim.fingerprint, createdAt: at }],
    skipDuplicates: true,
  });
  if (count === 0) {
    const first = await tx.createToken.findUnique({ where: { userId_purpose_token: key } });
    if (!first || first.fingerprint !== claim.fingerprint || !first.result)
      throw Refusal.form(REUSED_TOKEN_MESSAGE, 409);
    claim.replayed = true;
    return (first.result as { value: T }).value;
  }
  const result = await create();
  await tx.createToken.update({
    where: { userId_purpose_token: key },
    data: { result: toAuditJson({ value: (opts.remember ?? ((r: T) => r))(result) ?? null }) },
  });
  // forget old tokens a few at a time; rows another transaction is forgetting are skipped, not waited for
  await tx.$executeRaw`DELETE FROM create_token WHERE ctid IN (
    SELECT ctid FROM create_token WHERE created_at < ${new Date(at.getTime() - KEEP_MS)}
     LIMIT 100 FOR UPDATE SKIP LOCKED)`;
  return result;
}
