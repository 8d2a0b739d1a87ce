-- One-time form tokens of create actions (docs/decisions/093). A new table only: no existing data is rewritten.

-- CreateTable
CREATE TABLE "create_token" (
    "user_id" INTEGER NOT NULL,
    "purpose" VARCHAR(40) NOT NULL,
    "token" VARCHAR(64) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "create_token_pkey" PRIMARY KEY ("user_id","purpose","token")
);

-- CreateIndex
CREATE INDEX "create_token_created_at_idx" ON "create_token"("created_at");
