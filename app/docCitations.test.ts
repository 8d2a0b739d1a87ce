// The design the code cites lives in the repository (docs/design.md, docs/stack.md, docs/development.md): no comment
// or document may cite a file outside it, and every docs/ path that is cited must exist.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SELF = path.relative(ROOT, __filename);

const ROOTS = ["app", "prisma", "scripts", "tests", "docs", ".ci", "README.md"];
const SKIP_DIRS = new Set([
  "node_modules",
  "app/generated",
  "docs/source", // the source text the product is built from, quoted as it is
  "tests/fixtures/upgrade", // a copy of the first release, kept byte for byte for the upgrade test
]);
// Applied migrations cannot change (their checksum is recorded in every database): these cite the design by its old
// name. docs/design.md keeps the section numbers they use. A new migration is checked like any other file.
const HISTORICAL = new Set([
  "prisma/migrations/20261128060000_init/migration.sql",
  "prisma/migrations/20261128150000_kpi_derived_columns/migration.sql",
]);
const TEXT = /\.(ts|tsx|mjs|js|cjs|md|prisma|sql|css|json|sh)$|^run$/;

/** Citations of documents that are not in this repository. */
const OUTSIDE = [
  /\bDESIGN\b/, // the design document the project started from (now docs/design.md)
  /\bCONVENTIONS\b/, // its conventions (now docs/development.md)
  /\bSTACK\.md\b/, // its stack notes (now docs/stack.md)
  /\/work\/(?:shared|main|wt)\b/, // the machine's shared folders
];

function files(rel: string, out: string[] = []): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs) || SKIP_DIRS.has(rel)) return out;
  if (statSync(abs).isDirectory()) {
    for (const name of readdirSync(abs)) files(rel === "." ? name : `${rel}/${name}`, out);
  } else if (TEXT.test(path.basename(rel)) && rel !== SELF) {
    out.push(rel);
  }
  return out;
}

const tree = ROOTS.flatMap((r) => files(r));

function hits(test: (line: string) => string | null): string[] {
  const found: string[] = [];
  for (const f of tree) {
    readFileSync(path.join(ROOT, f), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const what = test(line);
        if (what) found.push(`${f}:${i + 1}: ${what}`);
      });
  }
  return found;
}

/** Whether a cited docs/ path exists; `docs/decisions/066` (a number without the title) names a decision record. */
function docExists(cited: string): boolean {
  const p = cited.replace(/[.,:;)`'"]+$/, "");
  if (existsSync(path.join(ROOT, p))) return true;
  const decision = /^docs\/decisions\/(\d{3})(?:-|$)/.exec(p);
  if (!decision) return false;
  return readdirSync(path.join(ROOT, "docs/decisions")).some((n) => n.startsWith(`${decision[1]}-`));
}

describe("citations of the design", () => {
  it("scans the tree", () => {
    expect(tree).toContain("docs/design.md");
    expect(tree).toContain("app/domain/kpi.ts");
    expect(tree.length).toBeGreaterThan(300);
  });

  it("no file cites a document outside the repository", () => {
    const found = hits((line) => OUTSIDE.find((re) => re.test(line))?.source ?? null).filter(
      (h) => !HISTORICAL.has(h.slice(0, h.indexOf(":"))),
    );
    expect(found).toEqual([]);
  });

  it("every cited docs/ path exists", () => {
    const found = hits((line) => {
      const missing = [...line.matchAll(/(?<![\w/.])docs\/[\w./-]*\w/g)].map((m) => m[0]).filter((p) => !docExists(p));
      return missing.length ? missing.join(", ") : null;
    });
    expect(found).toEqual([]);
  });
});
