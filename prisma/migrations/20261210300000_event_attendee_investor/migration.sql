-- 推介活动 attendees are 客商 (issue 22 §1/§4, docs/decisions/195): event_attendee gains investor_id (required) and
-- loses company_name — the investor's name is shown, so a renamed or merged investor reads the same everywhere.
-- Existing attendees are linked to the investor of the same name (a city investor first, then the oldest); a name
-- with no investor becomes a city investor, its 来源地 taken from the event's leads (their most common 来源地) or,
-- without leads, from the event's city, with a note asking to check it.

-- AlterTable
ALTER TABLE "event_attendee" ADD COLUMN "investor_id" INTEGER;

UPDATE "event_attendee" a
   SET "investor_id" = (SELECT i."id" FROM "investor" i WHERE i."name" = a."company_name"
                         ORDER BY (i."county_id" IS NULL) DESC, i."id" LIMIT 1);

INSERT INTO "investor" ("name", "source_region", "note", "created_at", "updated_at")
SELECT m."company_name",
       coalesce(
         (SELECT l."source_region" FROM "lead" l WHERE l."event_id" = m."event_id"
           GROUP BY l."source_region" ORDER BY count(*) DESC, l."source_region" LIMIT 1),
         CASE
           WHEN m."city" LIKE '%天津%' THEN 'TIANJIN'
           WHEN m."city" ~ '(北京|河北|石家庄|保定|唐山|廊坊|雄安)' THEN 'JINGJINJI'
           WHEN m."city" ~ '(上海|江苏|浙江|南京|苏州|无锡|常州|杭州|宁波|合肥)' THEN 'YANGTZE_DELTA'
           WHEN m."city" ~ '(广州|深圳|东莞|佛山|珠海|中山|惠州)' THEN 'PEARL_DELTA'
           WHEN m."city" ~ '(香港|澳门|台湾|台北)' THEN 'HK_MACAO_TAIWAN'
           WHEN m."city" ~ '(山西|太原|晋中|大同|长治|临汾|运城|吕梁|忻州|阳泉|晋城|朔州)' THEN 'IN_PROVINCE'
           ELSE 'OTHER_DOMESTIC'
         END::"SourceRegion"),
       '由推介活动「' || m."event_name" || '」参会名单登记，来源地为推定，请核对',
       m."created_at", m."created_at"
  FROM (SELECT DISTINCT ON (a."company_name") a."company_name", a."event_id", a."created_at",
               e."city", e."name" AS "event_name"
          FROM "event_attendee" a JOIN "promotion_event" e ON e."id" = a."event_id"
         WHERE a."investor_id" IS NULL
         ORDER BY a."company_name", e."held_on", a."id") m;

UPDATE "event_attendee" a
   SET "investor_id" = (SELECT min(i."id") FROM "investor" i WHERE i."name" = a."company_name")
 WHERE a."investor_id" IS NULL;

-- one row per investor per event: two names that turned out to be one investor keep the first row
DELETE FROM "event_attendee" a
 USING "event_attendee" b
 WHERE a."event_id" = b."event_id" AND a."investor_id" = b."investor_id" AND a."id" > b."id";

ALTER TABLE "event_attendee" ALTER COLUMN "investor_id" SET NOT NULL;

-- DropIndex
DROP INDEX "event_attendee_event_id_company_name_key";

-- AlterTable
ALTER TABLE "event_attendee" DROP COLUMN "company_name";

-- CreateIndex
CREATE UNIQUE INDEX "event_attendee_event_id_investor_id_key" ON "event_attendee"("event_id", "investor_id");

-- CreateIndex
CREATE INDEX "event_attendee_investor_id_idx" ON "event_attendee"("investor_id");

-- AddForeignKey
ALTER TABLE "event_attendee" ADD CONSTRAINT "event_attendee_investor_id_fkey" FOREIGN KEY ("investor_id") REFERENCES "investor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
