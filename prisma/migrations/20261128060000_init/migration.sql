-- 晋中市 招商引资与转型项目管理平台: initial schema (hand-written; see docs/decisions/002-migrations.md)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'BUREAU', 'LEADER', 'EIC', 'COUNTY', 'TEAM', 'ENTERPRISE');
CREATE TYPE "CountyKind" AS ENUM ('DISTRICT', 'COUNTY', 'CITY', 'ZONE');
CREATE TYPE "ProjectOrigin" AS ENUM ('ATTRACTION', 'LOCAL');
CREATE TYPE "ProjectPool" AS ENUM ('ACTIVE', 'RESERVE', 'WITHDRAWN');
CREATE TYPE "ProjectStage" AS ENUM ('PREPARING', 'SIGNED', 'LAND', 'FUNDING', 'STARTED', 'COMPLETED');
CREATE TYPE "MilestoneStage" AS ENUM ('SIGNED', 'LAND', 'FUNDING', 'STARTED', 'COMPLETED');
CREATE TYPE "MilestoneEventKind" AS ENUM ('PLANNED', 'LOGGED', 'CORRECTED', 'WITHDRAWN');
CREATE TYPE "SourceRegion" AS ENUM ('JINGJINJI', 'TIANJIN', 'YANGTZE_DELTA', 'PEARL_DELTA', 'IN_PROVINCE', 'OTHER_DOMESTIC', 'OVERSEAS', 'LOCAL');
CREATE TYPE "AttractionMethod" AS ENUM ('PRECISION', 'TARGETED', 'COMMISSIONED', 'BUSINESS_REFERRAL', 'EXPO', 'OTHER');
CREATE TYPE "LeadStage" AS ENUM ('CONTACT', 'INSPECTION', 'NEGOTIATION', 'SIGNED', 'ABANDONED');
CREATE TYPE "OfficialLevel" AS ENUM ('CITY', 'COUNTY');
CREATE TYPE "ServiceLogKind" AS ENUM ('VISIT', 'CALL', 'MEETING');
CREATE TYPE "AgencyTaskKind" AS ENUM ('PROJECT_FILING', 'LAND_PREAPPROVAL', 'PLANNING_PERMIT', 'ENVIRONMENTAL', 'ENERGY', 'CONSTRUCTION_PERMIT', 'UTILITIES', 'FINANCING', 'OTHER');
CREATE TYPE "AgencyTaskStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'DONE', 'CANCELLED');
CREATE TYPE "IssueCategory" AS ENUM ('LAND', 'FINANCE', 'APPROVAL', 'UTILITIES', 'INFRASTRUCTURE', 'LABOR', 'POLICY', 'OTHER');
CREATE TYPE "IssueLevel" AS ENUM ('TEAM', 'COUNTY', 'CITY', 'PROVINCE');
CREATE TYPE "IssueStatus" AS ENUM ('SUBMITTED', 'ACCEPTED', 'RESPONDED', 'RESOLVED', 'CLOSED', 'REOPENED');
CREATE TYPE "IssueEventKind" AS ENUM ('SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'RESPONDED', 'MARKED_COMPLEX', 'RESOLVED', 'CONFIRMED', 'REJECTED', 'REOPENED', 'ESCALATED', 'RETURNED', 'COMMENTED', 'OVERDUE', 'AUTO_ESCALATED');
CREATE TYPE "TargetMetric" AS ENUM ('INFLOW_AMOUNT', 'LANDING_RATE', 'START_RATE', 'FUNDING_RATE', 'TRANSFORMATION_INVESTMENT');

-- CreateTable
CREATE TABLE "county" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "kind" "CountyKind" NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "county_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "industry" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "industry_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "enterprise" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "credit_code" CHAR(18) NOT NULL,
    "origin_region" VARCHAR(60),
    "is_key_enterprise" BOOLEAN NOT NULL DEFAULT false,
    "county_id" INTEGER,
    "service_team_id" INTEGER,
    "address" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "enterprise_pkey" PRIMARY KEY ("id"),
    -- 统一社会信用代码: 18 characters of the GB 32100 alphabet (the check digit is verified by the app).
    CONSTRAINT "enterprise_credit_code_format" CHECK ("credit_code" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$')
);

CREATE TABLE "enterprise_contact" (
    "id" SERIAL NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "title" VARCHAR(60),
    "phone" VARCHAR(30),
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "enterprise_contact_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "official" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "title" VARCHAR(80) NOT NULL,
    "level" "OfficialLevel" NOT NULL,
    "county_id" INTEGER,
    "user_id" INTEGER,
    CONSTRAINT "official_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "official_county_level" CHECK ("level" = 'CITY' OR "county_id" IS NOT NULL)
);

CREATE TABLE "service_team" (
    "id" SERIAL NOT NULL,
    "no" INTEGER NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "focus" VARCHAR(120),
    "phone" VARCHAR(30),
    "leader_id" INTEGER,
    "county_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "service_team_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(60) NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "display_name" VARCHAR(60) NOT NULL,
    "role" "Role" NOT NULL,
    "county_id" INTEGER,
    "team_id" INTEGER,
    "enterprise_id" INTEGER,
    "title" VARCHAR(80),
    "phone" VARCHAR(30),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id"),
    -- A scoped role must carry its scope (DESIGN §6).
    CONSTRAINT "app_user_scope_present" CHECK (
        ("role" <> 'COUNTY' OR "county_id" IS NOT NULL) AND
        ("role" <> 'TEAM' OR "team_id" IS NOT NULL) AND
        ("role" <> 'ENTERPRISE' OR "enterprise_id" IS NOT NULL)
    )
);

CREATE TABLE "session" (
    "id" VARCHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" VARCHAR(300),
    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "login_attempt" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(60) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "success" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "login_attempt_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(30) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "county_id" INTEGER NOT NULL,
    "industry_id" INTEGER NOT NULL,
    "enterprise_id" INTEGER,
    "origin" "ProjectOrigin" NOT NULL,
    "source_region" "SourceRegion",
    "attraction_method" "AttractionMethod",
    "total_investment" INTEGER NOT NULL,
    "contract_amount" INTEGER NOT NULL DEFAULT 0,
    "annual_plan_investment" INTEGER NOT NULL DEFAULT 0,
    "plan_year" INTEGER NOT NULL,
    "is_transformation" BOOLEAN NOT NULL DEFAULT false,
    "pool" "ProjectPool" NOT NULL DEFAULT 'ACTIVE',
    "service_team_id" INTEGER,
    "construction_content" TEXT,
    "land_area" DECIMAL(12,2),
    "land_supply_method" VARCHAR(20),
    "land_term_years" INTEGER,
    "land_premium_instalments" BOOLEAN NOT NULL DEFAULT false,
    "stage" "ProjectStage" NOT NULL DEFAULT 'PREPARING',
    "signed_on" DATE,
    "stage_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "project_amounts_nonnegative" CHECK ("total_investment" >= 0 AND "contract_amount" >= 0 AND "annual_plan_investment" >= 0),
    CONSTRAINT "project_plan_year_range" CHECK ("plan_year" BETWEEN 2000 AND 2100),
    CONSTRAINT "project_land_area_nonnegative" CHECK ("land_area" IS NULL OR "land_area" >= 0),
    CONSTRAINT "project_land_term_range" CHECK ("land_term_years" IS NULL OR "land_term_years" BETWEEN 1 AND 70)
);

CREATE TABLE "project_official" (
    "project_id" INTEGER NOT NULL,
    "official_id" INTEGER NOT NULL,
    CONSTRAINT "project_official_pkey" PRIMARY KEY ("project_id","official_id")
);

CREATE TABLE "project_incentive" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "content" VARCHAR(300) NOT NULL,
    "amount" INTEGER,
    CONSTRAINT "project_incentive_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "project_incentive_amount_nonnegative" CHECK ("amount" IS NULL OR "amount" >= 0)
);

CREATE TABLE "milestone" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "stage" "MilestoneStage" NOT NULL,
    "planned_on" DATE,
    "actual_on" DATE,
    "evidence_no" VARCHAR(100),
    "evidence_note" VARCHAR(500),
    "attachment_id" INTEGER,
    "logged_by_id" INTEGER,
    "logged_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "milestone_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "milestone_event" (
    "id" SERIAL NOT NULL,
    "milestone_id" INTEGER NOT NULL,
    "kind" "MilestoneEventKind" NOT NULL,
    "from_planned" DATE,
    "to_planned" DATE,
    "from_actual" DATE,
    "to_actual" DATE,
    "evidence_no" VARCHAR(100),
    "reason" VARCHAR(500),
    "actor_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "milestone_event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "attachment" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER,
    "issue_id" INTEGER,
    "file_name" VARCHAR(200) NOT NULL,
    "mime_type" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "storage_key" VARCHAR(200) NOT NULL,
    "uploaded_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "attachment_size_nonnegative" CHECK ("size" >= 0)
);

CREATE TABLE "funding_record" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "received_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "source" VARCHAR(40) NOT NULL,
    "note" VARCHAR(300),
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "funding_record_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "funding_record_amount_positive" CHECK ("amount" > 0)
);

CREATE TABLE "investment_record" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "note" VARCHAR(300),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "updated_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "investment_record_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "investment_record_month_range" CHECK ("month" BETWEEN 1 AND 12),
    CONSTRAINT "investment_record_amount_nonnegative" CHECK ("amount" >= 0)
);

CREATE TABLE "service_log" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER,
    "project_id" INTEGER,
    "enterprise_id" INTEGER,
    "kind" "ServiceLogKind" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "people" VARCHAR(200) NOT NULL,
    "content" TEXT NOT NULL,
    "follow_up_on" DATE,
    "follow_up_done" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "service_log_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "service_log_subject_present" CHECK ("project_id" IS NOT NULL OR "enterprise_id" IS NOT NULL)
);

CREATE TABLE "agency_task" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "team_id" INTEGER,
    "kind" "AgencyTaskKind" NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "status" "AgencyTaskStatus" NOT NULL DEFAULT 'PENDING',
    "due_on" DATE,
    "completed_on" DATE,
    "handler_id" INTEGER,
    "handler_name" VARCHAR(40),
    "note" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "agency_task_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "agency_task_done_has_date" CHECK ("status" <> 'DONE' OR "completed_on" IS NOT NULL)
);

CREATE TABLE "sla_policy" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(30) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "accept_days" INTEGER NOT NULL DEFAULT 1,
    "respond_days" INTEGER NOT NULL DEFAULT 3,
    "resolve_days" INTEGER NOT NULL DEFAULT 7,
    "complex_days" INTEGER NOT NULL DEFAULT 10,
    "due_soon_days" INTEGER NOT NULL DEFAULT 1,
    "auto_escalate" BOOLEAN NOT NULL DEFAULT true,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sla_policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sla_policy_days_ordered" CHECK (
        "accept_days" > 0 AND "accept_days" <= "respond_days" AND "respond_days" <= "resolve_days"
        AND "resolve_days" <= "complex_days" AND "due_soon_days" >= 0)
);

CREATE TABLE "holiday_override" (
    "date" DATE NOT NULL,
    "is_workday" BOOLEAN NOT NULL,
    "note" VARCHAR(60),
    CONSTRAINT "holiday_override_pkey" PRIMARY KEY ("date")
);

CREATE TABLE "coordination_issue" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(30) NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "project_id" INTEGER,
    "county_id" INTEGER NOT NULL,
    "team_id" INTEGER,
    "category" "IssueCategory" NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "description" TEXT NOT NULL,
    "level" "IssueLevel" NOT NULL DEFAULT 'TEAM',
    "status" "IssueStatus" NOT NULL DEFAULT 'SUBMITTED',
    "is_complex" BOOLEAN NOT NULL DEFAULT false,
    "on_behalf" BOOLEAN NOT NULL DEFAULT false,
    "submitted_by_id" INTEGER,
    "assignee_id" INTEGER,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clock_started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accept_due_at" TIMESTAMPTZ(3),
    "respond_due_at" TIMESTAMPTZ(3),
    "resolve_due_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),
    "first_responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "level_entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "satisfaction" INTEGER,
    "resolution" TEXT,
    "escalation_count" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "coordination_issue_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "coordination_issue_satisfaction_range" CHECK ("satisfaction" IS NULL OR "satisfaction" BETWEEN 1 AND 5),
    CONSTRAINT "coordination_issue_closed_has_time" CHECK ("status" <> 'CLOSED' OR "closed_at" IS NOT NULL)
);

CREATE TABLE "issue_event" (
    "id" SERIAL NOT NULL,
    "issue_id" INTEGER NOT NULL,
    "kind" "IssueEventKind" NOT NULL,
    "from_status" "IssueStatus",
    "to_status" "IssueStatus",
    "from_level" "IssueLevel",
    "to_level" "IssueLevel",
    "actor_id" INTEGER,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "issue_event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "notification" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "issue_id" INTEGER,
    "kind" VARCHAR(30) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "link" VARCHAR(200),
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "lead" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "enterprise_id" INTEGER,
    "enterprise_name" VARCHAR(120) NOT NULL,
    "source_region" "SourceRegion" NOT NULL,
    "method" "AttractionMethod" NOT NULL,
    "industry_id" INTEGER NOT NULL,
    "county_id" INTEGER NOT NULL,
    "expected_amount" INTEGER NOT NULL,
    "stage" "LeadStage" NOT NULL DEFAULT 'CONTACT',
    "abandon_reason" VARCHAR(300),
    "owner_id" INTEGER,
    "next_follow_up_on" DATE,
    "first_contact_on" DATE NOT NULL DEFAULT CURRENT_DATE,
    "stage_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "converted_project_id" INTEGER,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "lead_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "lead_expected_amount_nonnegative" CHECK ("expected_amount" >= 0),
    CONSTRAINT "lead_abandon_has_reason" CHECK ("stage" <> 'ABANDONED' OR length(trim("abandon_reason")) > 0)
);

CREATE TABLE "plan_adjustment" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "plan_year" INTEGER NOT NULL,
    "from_pool" "ProjectPool" NOT NULL,
    "to_pool" "ProjectPool" NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "decided_by_id" INTEGER,
    "decided_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plan_adjustment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plan_adjustment_moves" CHECK ("from_pool" <> "to_pool" AND length(trim("reason")) > 0)
);

CREATE TABLE "target" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "metric" "TargetMetric" NOT NULL,
    "county_id" INTEGER,
    "value" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "target_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "target_value_nonnegative" CHECK ("value" >= 0),
    CONSTRAINT "target_rate_bounded" CHECK ("metric" IN ('INFLOW_AMOUNT', 'TRANSFORMATION_INVESTMENT') OR "value" <= 10000)
);

CREATE TABLE "setting" (
    "key" VARCHAR(60) NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "report_snapshot" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "frozen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "frozen_by_id" INTEGER,
    CONSTRAINT "report_snapshot_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "report_snapshot_month_range" CHECK ("month" BETWEEN 1 AND 12)
);

CREATE TABLE "import_job" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- The audit log has no foreign keys on purpose: it must outlive what it describes.
CREATE TABLE "audit_event" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,
    "action" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(40) NOT NULL,
    "entity_id" VARCHAR(40) NOT NULL,
    "project_id" INTEGER,
    "before" JSONB,
    "after" JSONB,
    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "county_code_key" ON "county"("code");
CREATE UNIQUE INDEX "county_name_key" ON "county"("name");
CREATE UNIQUE INDEX "industry_code_key" ON "industry"("code");
CREATE UNIQUE INDEX "industry_name_key" ON "industry"("name");
CREATE UNIQUE INDEX "enterprise_credit_code_key" ON "enterprise"("credit_code");
CREATE INDEX "enterprise_county_id_idx" ON "enterprise"("county_id");
CREATE INDEX "enterprise_service_team_id_idx" ON "enterprise"("service_team_id");
CREATE INDEX "enterprise_name_trgm_idx" ON "enterprise" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "enterprise_contact_enterprise_id_idx" ON "enterprise_contact"("enterprise_id");
CREATE UNIQUE INDEX "official_user_id_key" ON "official"("user_id");
CREATE UNIQUE INDEX "service_team_no_key" ON "service_team"("no");
CREATE UNIQUE INDEX "service_team_name_key" ON "service_team"("name");
CREATE UNIQUE INDEX "service_team_leader_id_key" ON "service_team"("leader_id");
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");
CREATE INDEX "app_user_role_idx" ON "app_user"("role");
CREATE INDEX "app_user_team_id_idx" ON "app_user"("team_id");
CREATE INDEX "app_user_county_id_idx" ON "app_user"("county_id");
CREATE INDEX "app_user_enterprise_id_idx" ON "app_user"("enterprise_id");
CREATE INDEX "session_user_id_idx" ON "session"("user_id");
CREATE INDEX "session_expires_at_idx" ON "session"("expires_at");
CREATE INDEX "login_attempt_username_created_at_idx" ON "login_attempt"("username", "created_at");
CREATE INDEX "login_attempt_ip_created_at_idx" ON "login_attempt"("ip", "created_at");
CREATE UNIQUE INDEX "project_code_key" ON "project"("code");
CREATE INDEX "project_county_id_plan_year_idx" ON "project"("county_id", "plan_year");
CREATE INDEX "project_industry_id_idx" ON "project"("industry_id");
CREATE INDEX "project_enterprise_id_idx" ON "project"("enterprise_id");
CREATE INDEX "project_service_team_id_idx" ON "project"("service_team_id");
CREATE INDEX "project_plan_year_is_transformation_pool_idx" ON "project"("plan_year", "is_transformation", "pool");
CREATE INDEX "project_stage_idx" ON "project"("stage");
CREATE INDEX "project_signed_on_idx" ON "project"("signed_on");
CREATE INDEX "project_updated_at_idx" ON "project"("updated_at");
CREATE INDEX "project_name_trgm_idx" ON "project" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "project_official_official_id_idx" ON "project_official"("official_id");
CREATE INDEX "project_incentive_project_id_idx" ON "project_incentive"("project_id");
CREATE UNIQUE INDEX "milestone_attachment_id_key" ON "milestone"("attachment_id");
CREATE UNIQUE INDEX "milestone_project_id_stage_key" ON "milestone"("project_id", "stage");
CREATE INDEX "milestone_stage_actual_on_idx" ON "milestone"("stage", "actual_on");
CREATE INDEX "milestone_planned_on_idx" ON "milestone"("planned_on");
CREATE INDEX "milestone_event_milestone_id_created_at_idx" ON "milestone_event"("milestone_id", "created_at");
CREATE UNIQUE INDEX "attachment_storage_key_key" ON "attachment"("storage_key");
CREATE INDEX "attachment_project_id_idx" ON "attachment"("project_id");
CREATE INDEX "attachment_issue_id_idx" ON "attachment"("issue_id");
CREATE INDEX "funding_record_project_id_received_on_idx" ON "funding_record"("project_id", "received_on");
CREATE INDEX "funding_record_received_on_idx" ON "funding_record"("received_on");
CREATE UNIQUE INDEX "investment_record_project_id_year_month_key" ON "investment_record"("project_id", "year", "month");
CREATE INDEX "investment_record_year_month_idx" ON "investment_record"("year", "month");
CREATE INDEX "service_log_team_id_occurred_on_idx" ON "service_log"("team_id", "occurred_on");
CREATE INDEX "service_log_project_id_occurred_on_idx" ON "service_log"("project_id", "occurred_on");
CREATE INDEX "service_log_follow_up_on_idx" ON "service_log"("follow_up_on");
CREATE INDEX "agency_task_project_id_idx" ON "agency_task"("project_id");
CREATE INDEX "agency_task_team_id_status_due_on_idx" ON "agency_task"("team_id", "status", "due_on");
CREATE INDEX "agency_task_status_due_on_idx" ON "agency_task"("status", "due_on");
CREATE UNIQUE INDEX "sla_policy_code_key" ON "sla_policy"("code");
CREATE UNIQUE INDEX "coordination_issue_code_key" ON "coordination_issue"("code");
CREATE INDEX "coordination_issue_level_status_idx" ON "coordination_issue"("level", "status");
CREATE INDEX "coordination_issue_enterprise_id_submitted_at_idx" ON "coordination_issue"("enterprise_id", "submitted_at");
CREATE INDEX "coordination_issue_county_id_level_status_idx" ON "coordination_issue"("county_id", "level", "status");
CREATE INDEX "coordination_issue_team_id_status_idx" ON "coordination_issue"("team_id", "status");
CREATE INDEX "coordination_issue_project_id_idx" ON "coordination_issue"("project_id");
CREATE INDEX "coordination_issue_status_resolve_due_at_idx" ON "coordination_issue"("status", "resolve_due_at");
CREATE INDEX "coordination_issue_submitted_at_idx" ON "coordination_issue"("submitted_at");
CREATE INDEX "issue_event_issue_id_created_at_idx" ON "issue_event"("issue_id", "created_at");
CREATE INDEX "issue_event_kind_created_at_idx" ON "issue_event"("kind", "created_at");
CREATE INDEX "notification_user_id_read_at_idx" ON "notification"("user_id", "read_at");
CREATE INDEX "notification_issue_id_idx" ON "notification"("issue_id");
CREATE UNIQUE INDEX "lead_converted_project_id_key" ON "lead"("converted_project_id");
CREATE INDEX "lead_stage_county_id_idx" ON "lead"("stage", "county_id");
CREATE INDEX "lead_county_id_idx" ON "lead"("county_id");
CREATE INDEX "lead_owner_id_idx" ON "lead"("owner_id");
CREATE INDEX "lead_next_follow_up_on_idx" ON "lead"("next_follow_up_on");
CREATE INDEX "plan_adjustment_project_id_idx" ON "plan_adjustment"("project_id");
CREATE INDEX "plan_adjustment_plan_year_decided_on_idx" ON "plan_adjustment"("plan_year", "decided_on");
-- NULLS NOT DISTINCT: one city-wide (county_id NULL) target per year and metric.
CREATE UNIQUE INDEX "target_year_metric_county_id_key" ON "target"("year", "metric", "county_id") NULLS NOT DISTINCT;
CREATE UNIQUE INDEX "report_snapshot_year_month_key" ON "report_snapshot"("year", "month");
CREATE INDEX "import_job_created_by_id_created_at_idx" ON "import_job"("created_by_id", "created_at");
CREATE INDEX "audit_event_entity_entity_id_idx" ON "audit_event"("entity", "entity_id");
CREATE INDEX "audit_event_project_id_at_idx" ON "audit_event"("project_id", "at");
CREATE INDEX "audit_event_actor_id_at_idx" ON "audit_event"("actor_id", "at");
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- AddForeignKey
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_service_team_id_fkey" FOREIGN KEY ("service_team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "enterprise_contact" ADD CONSTRAINT "enterprise_contact_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "official" ADD CONSTRAINT "official_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "official" ADD CONSTRAINT "official_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "service_team" ADD CONSTRAINT "service_team_leader_id_fkey" FOREIGN KEY ("leader_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "service_team" ADD CONSTRAINT "service_team_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "project" ADD CONSTRAINT "project_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "project" ADD CONSTRAINT "project_industry_id_fkey" FOREIGN KEY ("industry_id") REFERENCES "industry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "project" ADD CONSTRAINT "project_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "project" ADD CONSTRAINT "project_service_team_id_fkey" FOREIGN KEY ("service_team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "project_official" ADD CONSTRAINT "project_official_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "project_official" ADD CONSTRAINT "project_official_official_id_fkey" FOREIGN KEY ("official_id") REFERENCES "official"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "project_incentive" ADD CONSTRAINT "project_incentive_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_attachment_id_fkey" FOREIGN KEY ("attachment_id") REFERENCES "attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "milestone_event" ADD CONSTRAINT "milestone_event_milestone_id_fkey" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "coordination_issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "funding_record" ADD CONSTRAINT "funding_record_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "investment_record" ADD CONSTRAINT "investment_record_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "service_log" ADD CONSTRAINT "service_log_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "service_log" ADD CONSTRAINT "service_log_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "service_log" ADD CONSTRAINT "service_log_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agency_task" ADD CONSTRAINT "agency_task_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agency_task" ADD CONSTRAINT "agency_task_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "coordination_issue" ADD CONSTRAINT "coordination_issue_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "coordination_issue" ADD CONSTRAINT "coordination_issue_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "coordination_issue" ADD CONSTRAINT "coordination_issue_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "coordination_issue" ADD CONSTRAINT "coordination_issue_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "issue_event" ADD CONSTRAINT "issue_event_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "coordination_issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification" ADD CONSTRAINT "notification_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "coordination_issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "lead" ADD CONSTRAINT "lead_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "lead" ADD CONSTRAINT "lead_industry_id_fkey" FOREIGN KEY ("industry_id") REFERENCES "industry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lead" ADD CONSTRAINT "lead_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lead" ADD CONSTRAINT "lead_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "lead" ADD CONSTRAINT "lead_converted_project_id_fkey" FOREIGN KEY ("converted_project_id") REFERENCES "project"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "plan_adjustment" ADD CONSTRAINT "plan_adjustment_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "target" ADD CONSTRAINT "target_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Stage derivation (DESIGN §3: a project's stage is derived from its milestones, never typed).
-- The stage is the last milestone of the unbroken chain SIGNED → LAND → FUNDING → STARTED → COMPLETED that
-- has an actual date; signed_on and stage_on are cached beside it for the register's indexes.
CREATE FUNCTION project_stage_recompute(p_project_id INTEGER) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    v_stage "ProjectStage" := 'PREPARING';
    v_stage_on DATE := NULL;
    v_signed_on DATE := NULL;
    r RECORD;
BEGIN
    FOR r IN
        SELECT s.stage, m.actual_on
        FROM unnest(enum_range(NULL::"MilestoneStage")) WITH ORDINALITY AS s(stage, ord)
        LEFT JOIN milestone m ON m.project_id = p_project_id AND m.stage = s.stage
        ORDER BY s.ord
    LOOP
        EXIT WHEN r.actual_on IS NULL;
        v_stage := r.stage::text::"ProjectStage";
        v_stage_on := r.actual_on;
        IF r.stage = 'SIGNED' THEN v_signed_on := r.actual_on; END IF;
    END LOOP;
    UPDATE project SET stage = v_stage, stage_on = v_stage_on, signed_on = v_signed_on
    WHERE id = p_project_id
      AND (stage, stage_on, signed_on) IS DISTINCT FROM (v_stage, v_stage_on, v_signed_on);
END;
$$;

CREATE FUNCTION milestone_sync_project_stage() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM project_stage_recompute(OLD.project_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.project_id <> OLD.project_id) THEN
        PERFORM project_stage_recompute(NEW.project_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER milestone_sync_project_stage
AFTER INSERT OR DELETE OR UPDATE OF actual_on, stage, project_id ON milestone
FOR EACH ROW EXECUTE FUNCTION milestone_sync_project_stage();
