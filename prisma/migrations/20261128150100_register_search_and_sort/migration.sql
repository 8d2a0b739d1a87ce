-- The register at province scale (docs/decisions/050-province-scale-performance.md): an index per sort key (with
-- the id, the register's tie-breaker, so a page is an index walk however deep), and a bigram index for name
-- search — pg_trgm cannot index searches shorter than three characters, which most Chinese words are.

-- The distinct lower-cased bigrams of a text. ILIKE compares lower() of both sides, so every bigram of
-- lower(query) is a bigram of lower(name) when the name matches: `search_grams(name) @> search_grams(query)` may
-- narrow a search without losing a match (ILIKE still decides). Indexed as an expression (GIN), so the bigrams
-- take no room in the table's rows and need no trigger.
CREATE FUNCTION search_grams(s TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), ARRAY[]::TEXT[])
    FROM (SELECT lower(s) AS t) x, generate_series(1, length(t) - 1) AS i
$$;

-- DropIndex
DROP INDEX "project_service_team_id_idx";

-- DropIndex
DROP INDEX "project_stage_idx";

-- DropIndex
DROP INDEX "project_updated_at_idx";

-- CreateIndex (an expression index, which Prisma's schema cannot describe: listed in tests/integration/schema.test.ts)
CREATE INDEX "enterprise_name_grams_idx" ON "enterprise" USING GIN (search_grams("name"));

-- CreateIndex
CREATE INDEX "project_service_team_id_id_idx" ON "project"("service_team_id", "id");

-- CreateIndex
CREATE INDEX "project_stage_id_idx" ON "project"("stage", "id");

-- CreateIndex
CREATE INDEX "project_updated_at_id_idx" ON "project"("updated_at", "id");

-- CreateIndex
CREATE INDEX "project_name_id_idx" ON "project"("name", "id");

-- CreateIndex
CREATE INDEX "project_total_investment_id_idx" ON "project"("total_investment", "id");

-- CreateIndex
CREATE INDEX "project_contract_amount_id_idx" ON "project"("contract_amount", "id");

-- CreateIndex (an expression index, which Prisma's schema cannot describe: listed in tests/integration/schema.test.ts)
CREATE INDEX "project_name_grams_idx" ON "project" USING GIN (search_grams("name"));
