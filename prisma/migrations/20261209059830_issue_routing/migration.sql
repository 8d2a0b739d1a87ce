-- 市级诉求交由责任单位主办 (issue 17 §3, docs/decisions/170): an escalated city-level issue is routed by 市经信委 to a
-- 主办 department with 协办 departments; their steps are issue events.

-- AlterEnum
ALTER TYPE "IssueEventKind" ADD VALUE 'ROUTED';
ALTER TYPE "IssueEventKind" ADD VALUE 'ASSISTED';

-- CreateTable
CREATE TABLE "issue_unit" (
    "issue_id" INTEGER NOT NULL,
    "department_id" INTEGER NOT NULL,
    "is_lead" BOOLEAN NOT NULL,

    CONSTRAINT "issue_unit_pkey" PRIMARY KEY ("issue_id","department_id")
);

-- CreateIndex
CREATE INDEX "issue_unit_department_id_is_lead_idx" ON "issue_unit"("department_id", "is_lead");

-- AddForeignKey
ALTER TABLE "issue_unit" ADD CONSTRAINT "issue_unit_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "coordination_issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "issue_unit" ADD CONSTRAINT "issue_unit_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
