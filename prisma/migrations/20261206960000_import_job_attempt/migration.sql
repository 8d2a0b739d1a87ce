-- Imports run on pg-boss (docs/decisions/096): the job row stays the user-visible record, and each claim of it
-- (first run or a takeover after the worker died) counts an attempt. Every progress and final write of a worker
-- names its attempt, so a worker presumed dead that wakes up again cannot touch a job another worker has taken.
ALTER TABLE "import_job" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0;
