-- 领导批示 and 督办 (issue 17, docs/decisions/141): 督办事项, their 主办/协办 units and their steps.

-- CreateEnum
CREATE TYPE "SupervisionLevel" AS ENUM ('NORMAL', 'KEY', 'URGENT');
CREATE TYPE "SupervisionState" AS ENUM ('ASSIGNED', 'HANDLING', 'REPORTED', 'RETURNED', 'CLOSED', 'EVALUATED');
CREATE TYPE "SupervisionSource" AS ENUM ('PROJECT', 'ISSUE', 'REPORT', 'DECISION', 'WORK');
CREATE TYPE "SupervisionEventKind" AS ENUM ('ASSIGNED', 'SIGNED', 'PLAN', 'PROGRESS', 'ASSIST', 'EXTENSION_REQUESTED', 'EXTENSION_APPROVED', 'EXTENSION_REFUSED', 'FINISH_REPORTED', 'CLOSED', 'RETURNED', 'EVALUATED', 'URGED', 'AUTO_URGED');

-- CreateTable
CREATE TABLE "supervision" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "instruction" TEXT NOT NULL,
    "leader_id" INTEGER NOT NULL,
    "level" "SupervisionLevel" NOT NULL DEFAULT 'NORMAL',
    "source" "SupervisionSource" NOT NULL,
    "project_id" INTEGER,
    "issue_id" INTEGER,
    "report_month" VARCHAR(7),
    "state" "SupervisionState" NOT NULL DEFAULT 'ASSIGNED',
    "finish_days" INTEGER,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL,
    "sign_due_at" TIMESTAMPTZ(3) NOT NULL,
    "plan_due_at" TIMESTAMPTZ(3) NOT NULL,
    "progress_due_at" TIMESTAMPTZ(3) NOT NULL,
    "finish_due_at" TIMESTAMPTZ(3) NOT NULL,
    "original_due_at" TIMESTAMPTZ(3) NOT NULL,
    "signed_at" TIMESTAMPTZ(3),
    "planned_at" TIMESTAMPTZ(3),
    "progressed_at" TIMESTAMPTZ(3),
    "reported_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "evaluated_at" TIMESTAMPTZ(3),
    "on_time" BOOLEAN,
    "rating" INTEGER,
    "evaluation" TEXT,
    "pending_due_at" TIMESTAMPTZ(3),
    "pending_reason" TEXT,
    "extension_count" INTEGER NOT NULL DEFAULT 0,
    "urge_count" INTEGER NOT NULL DEFAULT 0,
    "latest_progress" TEXT,
    "latest_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supervision_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "supervision_unit" (
    "supervision_id" INTEGER NOT NULL,
    "department_id" INTEGER NOT NULL,
    "is_lead" BOOLEAN NOT NULL,

    CONSTRAINT "supervision_unit_pkey" PRIMARY KEY ("supervision_id","department_id")
);

CREATE TABLE "supervision_event" (
    "id" SERIAL NOT NULL,
    "supervision_id" INTEGER NOT NULL,
    "kind" "SupervisionEventKind" NOT NULL,
    "actor_id" INTEGER,
    "department_id" INTEGER,
    "note" TEXT,
    "due_at" TIMESTAMPTZ(3),
    "step" VARCHAR(10),
    "dedupe_key" VARCHAR(120),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supervision_event_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "attachment" ADD COLUMN "supervision_event_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "supervision_code_key" ON "supervision"("code");
CREATE INDEX "supervision_state_finish_due_at_idx" ON "supervision"("state", "finish_due_at");
CREATE INDEX "supervision_leader_id_assigned_at_idx" ON "supervision"("leader_id", "assigned_at");
CREATE INDEX "supervision_project_id_idx" ON "supervision"("project_id");
CREATE INDEX "supervision_issue_id_idx" ON "supervision"("issue_id");
CREATE INDEX "supervision_unit_department_id_is_lead_idx" ON "supervision_unit"("department_id", "is_lead");
CREATE UNIQUE INDEX "supervision_event_dedupe_key_key" ON "supervision_event"("dedupe_key");
CREATE INDEX "supervision_event_supervision_id_created_at_idx" ON "supervision_event"("supervision_id", "created_at");
CREATE INDEX "attachment_supervision_event_id_idx" ON "attachment"("supervision_event_id");

-- AddForeignKey
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_leader_id_fkey" FOREIGN KEY ("leader_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "coordination_issue"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "supervision_unit" ADD CONSTRAINT "supervision_unit_supervision_id_fkey" FOREIGN KEY ("supervision_id") REFERENCES "supervision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "supervision_unit" ADD CONSTRAINT "supervision_unit_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "supervision_event" ADD CONSTRAINT "supervision_event_supervision_id_fkey" FOREIGN KEY ("supervision_id") REFERENCES "supervision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_supervision_event_id_fkey" FOREIGN KEY ("supervision_event_id") REFERENCES "supervision_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
