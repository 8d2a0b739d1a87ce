-- Each user's choice of outside channels per notification kind (issue 16 §3, docs/decisions/165). A row says whether
-- one channel (DINGTALK | WECOM | SMS | EMAIL) carries one kind to this user; no row: the role's default. The bell
-- (站内) always keeps every notification and has no row. A new table; no existing row changes.

-- CreateTable
CREATE TABLE "notification_preference" (
    "user_id" INTEGER NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "channel" VARCHAR(12) NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id","kind","channel")
);

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
