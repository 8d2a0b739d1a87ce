-- The public pages' per-address limit shared by every app process and instance (docs/decisions/266): one row per
-- client address with the start of its current window and how much of the window's allowance processes have taken
-- (`used`), each taking a share at a time (`granted`: the last share). UNLOGGED: counts of the minute in progress
-- are not worth a WAL write per claim, and a crash that empties the table only starts every address's minute over.
CREATE UNLOGGED TABLE "public_rate_window" (
    "address" VARCHAR(64) NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "used" INTEGER NOT NULL,
    "granted" INTEGER NOT NULL,

    CONSTRAINT "public_rate_window_pkey" PRIMARY KEY ("address")
);

-- the sweep of windows long over
CREATE INDEX "public_rate_window_window_start_idx" ON "public_rate_window"("window_start");
