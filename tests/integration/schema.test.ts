// The hand-written migrations must produce exactly the database schema.prisma describes (tables, columns,
// types, nullability, defaults, enums, indexes, foreign keys). Prisma's own schema engine cannot run here,
// so this compares Prisma's DMMF (parsed by its WASM schema parser) with PostgreSQL's catalogue.
import { readFileSync } from "node:fs";
import path from "node:path";
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Field = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isRequired: boolean;
  isList: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; operatorClass?: string }[];
};

const schemaText = readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8");
const dmmf = getDMMF({ datamodel: schemaText });
if ("type" in dmmf) throw new Error(`schema.prisma did not parse: ${dmmf.reason}`);
const models = dmmf.datamodel.models as unknown as Model[];
const enums = dmmf.datamodel.enums as unknown as { name: string; values: { name: string }[] }[];
const indexes = dmmf.datamodel.indexes as unknown as Index[];

// DMMF leaves out Unsupported("…") fields (the lateness ranges are datemultirange): read them from the schema
// text so their columns and indexes are checked like the others.
for (const m of models) {
  const block = new RegExp(`model ${m.name} \\{([\\s\\S]*?)\\n\\}`).exec(schemaText)?.[1] ?? "";
  for (const line of block.split("\n")) {
    const f = /^\s+(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/.exec(line);
    if (!f) continue;
    m.fields.push({
      name: f[1],
      dbName: /@map\("([^"]+)"\)/.exec(f[4])?.[1] ?? null,
      kind: "unsupported",
      isRequired: f[3] !== "?",
      isList: false,
      type: f[2],
      hasDefaultValue: f[4].includes("@default("),
    });
  }
}

const tableOf = (m: Model) => m.dbName ?? m.name;
const columnOf = (f: Field) => f.dbName ?? f.name;
const modelByName = new Map(models.map((m) => [m.name, m]));

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

/** The PostgreSQL type Prisma would create for a field, as format_type() prints it. */
function expectedType(f: Field): string {
  if (f.isList) return `${expectedType({ ...f, isList: false })}[]`;
  if (f.kind === "enum") return `"${f.type}"`;
  if (f.kind === "unsupported") return f.type;
  const [native, args] = f.nativeType ?? [null, []];
  switch (f.type) {
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "Float":
      return "double precision";
    case "Json":
      return "jsonb";
    case "Bytes":
      return "bytea";
    case "String":
      if (native === "VarChar") return `character varying(${args[0]})`;
      if (native === "Char") return `character(${args[0]})`;
      return "text";
    case "Decimal":
      return native === "Decimal" ? `numeric(${args[0]},${args[1]})` : "numeric(65,30)";
    case "DateTime":
      if (native === "Date") return "date";
      if (native === "Timestamptz") return `timestamp(${args[0] ?? 3}) with time zone`;
      return "timestamp(3) without time zone";
    default:
      throw new Error(`unmapped type ${f.type}`);
  }
}

describe("migrated database matches schema.prisma", () => {
  it("has exactly the enums of the schema, with the same values in order", async () => {
    const { rows } = await client.query(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
      GROUP BY t.typname`);
    const db = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(db).toEqual(expected);
  });

  it("has exactly the tables of the schema", async () => {
    const { rows } = await client.query(`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`);
    expect(rows.map((r) => r.table_name).sort()).toEqual(models.map(tableOf).sort());
  });

  for (const m of models) {
    it(`table ${tableOf(m)}: columns, types, nullability and defaults`, async () => {
      const { rows } = await client.query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
                pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
        [tableOf(m)],
      );
      const actual = Object.fromEntries(
        rows.map((r) => [
          r.name,
          {
            type: r.type as string,
            notNull: r.not_null as boolean,
            hasDefault: r.default !== null,
            default: r.default as string | null,
          },
        ]),
      );
      const scalars = m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum" || f.kind === "unsupported");
      expect(Object.keys(actual).sort()).toEqual(scalars.map(columnOf).sort());
      for (const f of scalars) {
        const col = actual[columnOf(f)];
        expect.soft(col.type, `${m.name}.${f.name} type`).toBe(expectedType(f));
        expect.soft(col.notNull, `${m.name}.${f.name} NOT NULL`).toBe(f.isRequired);
        expect.soft(col.hasDefault, `${m.name}.${f.name} has a default`).toBe(f.hasDefaultValue);
        if (f.default && typeof f.default === "object" && (f.default as { name: string }).name === "autoincrement") {
          expect.soft(col.default ?? "", `${m.name}.${f.name} autoincrement`).toMatch(/^nextval\(/);
        }
      }
    });
  }

  it("has every index of the schema (columns, uniqueness, method, operator class) and no others", async () => {
    const { rows } = await client.query(`
      SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
             am.amname AS method,
             array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
             pg_get_indexdef(ix.indexrelid) AS def
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_am am ON am.oid = i.relam
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      WHERE t.relname <> '_prisma_migrations'`);
    const actual = rows.map((r) => ({
      table: r.table as string,
      name: r.name as string,
      kind: r.primary ? "id" : r.unique ? "unique" : "normal",
      method: r.method as string,
      columns: r.columns as string[],
      def: r.def as string,
    }));
    const expected = indexes.map((ix) => {
      const m = modelByName.get(ix.model)!;
      const cols = ix.fields.map((f) => columnOf(m.fields.find((x) => x.name === f.name)!));
      const suffix = ix.type === "id" ? "pkey" : ix.type === "unique" ? "key" : "idx";
      return {
        table: tableOf(m),
        name: ix.dbName ?? (ix.type === "id" ? `${tableOf(m)}_pkey` : `${tableOf(m)}_${cols.join("_")}_${suffix}`),
        kind: ix.type,
        method: (ix.algorithm ?? "BTree").toLowerCase(),
        columns: cols,
        opclasses: ix.fields.map((f) => f.operatorClass).filter(Boolean) as string[],
      };
    });
    const key = (x: { table: string; name: string }) => `${x.table}.${x.name}`;
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of expected) {
      const a = actual.find((x) => key(x) === key(e))!;
      expect.soft({ kind: a.kind, method: a.method, columns: a.columns }, key(e)).toEqual({
        kind: e.kind,
        method: e.method,
        columns: e.columns,
      });
      for (const op of e.opclasses) expect.soft(a.def, `${key(e)} operator class`).toContain(op);
    }
  });

  it("has every foreign key of the schema (columns, target, ON DELETE/UPDATE) and no others", async () => {
    const { rows } = await client.query(`
      SELECT c.conname AS name, t.relname AS table, rt.relname AS ref_table,
             array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a
                   ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
             array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a
                   ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns,
             c.confdeltype AS on_delete, c.confupdtype AS on_update
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_class rt ON rt.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      WHERE c.contype = 'f'`);
    const action: Record<string, string> = {
      a: "NoAction",
      r: "Restrict",
      c: "Cascade",
      n: "SetNull",
      d: "SetDefault",
    };
    const actual = rows
      .map((r) => ({
        name: r.name,
        table: r.table,
        columns: r.columns,
        refTable: r.ref_table,
        refColumns: r.ref_columns,
        onDelete: action[r.on_delete],
        onUpdate: action[r.on_update],
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === "object" && f.relationFromFields?.length)
          .map((f) => {
            const target = modelByName.get(f.type)!;
            const cols = f.relationFromFields!.map((n) => columnOf(m.fields.find((x) => x.name === n)!));
            const optional = f.relationFromFields!.some((n) => !m.fields.find((x) => x.name === n)!.isRequired);
            return {
              name: `${tableOf(m)}_${cols.join("_")}_fkey`,
              table: tableOf(m),
              columns: cols,
              refTable: tableOf(target),
              refColumns: f.relationToFields!.map((n) => columnOf(target.fields.find((x) => x.name === n)!)),
              onDelete: f.relationOnDelete ?? (optional ? "SetNull" : "Restrict"),
              onUpdate: "Cascade",
            };
          }),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(actual).toEqual(expected);
  });

  it("records the migrations in _prisma_migrations the way Prisma does", async () => {
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
      expect(r.migration_name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    }
  });
});
