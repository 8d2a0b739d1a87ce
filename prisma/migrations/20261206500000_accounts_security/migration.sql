-- Accounts and account security (issue 14, docs/decisions/080): 三员分立 roles, account lock, forced password
-- change, password history, session idle tracking, and an audit log the application cannot rewrite.
-- No existing row is rewritten except usernames, which are lower-cased (sign-in already lower-cases what is typed).

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'SECADMIN';
ALTER TYPE "Role" ADD VALUE 'AUDITOR';

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN "email" VARCHAR(120),
ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "password_changed_at" TIMESTAMPTZ(3),
ADD COLUMN "locked_until" TIMESTAMPTZ(3),
ADD COLUMN "deactivated_at" TIMESTAMPTZ(3),
ADD COLUMN "is_demo" BOOLEAN NOT NULL DEFAULT false;

-- Usernames are unique case-insensitively: they are stored lower-case, and the database refuses any other form.
UPDATE "app_user" SET "username" = lower("username") WHERE "username" <> lower("username");
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_username_lower" CHECK ("username" = lower("username"));

-- AlterTable
ALTER TABLE "session" ADD COLUMN "last_seen_at" TIMESTAMPTZ(3),
ADD COLUMN "ip" VARCHAR(64);

-- CreateTable
CREATE TABLE "password_history" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "password_history_user_id_created_at_idx" ON "password_history"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "password_history" ADD CONSTRAINT "password_history_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only for every role, the application's included: an UPDATE or DELETE of a row fails.
-- (TRUNCATE stays possible for the operator's tools that replace a whole database: restore --replace, seed --reset.)
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录不可修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
