-- A unit's own group robot (issue 16 §2, docs/decisions/166): a service team, a county or a department may have its
-- own 钉钉 robot (webhook + 加签 secret) or 企业微信 robot (webhook); its members' group messages go there, every
-- other unit's to the robot of the environment (DINGTALK_WEBHOOK_URL, WECOM_WEBHOOK_URL). Exactly one unit per row.
-- A new table; no existing row changes.

-- CreateTable
CREATE TABLE "unit_channel" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER,
    "county_id" INTEGER,
    "department_id" INTEGER,
    "channel" VARCHAR(12) NOT NULL,
    "webhook_url" VARCHAR(500) NOT NULL,
    "secret" VARCHAR(200),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "unit_channel_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "unit_channel_one_unit" CHECK (num_nonnulls("team_id", "county_id", "department_id") = 1)
);

-- CreateIndex
CREATE UNIQUE INDEX "unit_channel_team_id_channel_key" ON "unit_channel"("team_id", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "unit_channel_county_id_channel_key" ON "unit_channel"("county_id", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "unit_channel_department_id_channel_key" ON "unit_channel"("department_id", "channel");

-- AddForeignKey
ALTER TABLE "unit_channel" ADD CONSTRAINT "unit_channel_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_channel" ADD CONSTRAINT "unit_channel_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_channel" ADD CONSTRAINT "unit_channel_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE;
