-- The notification outbox (issue 16, docs/decisions/110): messages to 钉钉 / 企业微信 / SMS / e-mail, written with the
-- bell notification that causes them and sent by the delivery worker. A new table; no existing row changes.

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" SERIAL NOT NULL,
    "notification_id" INTEGER,
    "user_id" INTEGER,
    "channel" VARCHAR(12) NOT NULL,
    "target" VARCHAR(200) NOT NULL,
    "template" VARCHAR(30) NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotency_key" VARCHAR(200) NOT NULL,
    "state" VARCHAR(10) NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" VARCHAR(500),
    "failures" JSONB NOT NULL DEFAULT '[]',
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_idempotency_key_key" ON "notification_delivery"("idempotency_key");

-- CreateIndex
CREATE INDEX "notification_delivery_state_next_attempt_at_idx" ON "notification_delivery"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_delivery_channel_state_idx" ON "notification_delivery"("channel", "state");
