// ESLint flat config: typescript-eslint (type-aware off: fast, tsc already type-checks), react-hooks, jsx-a11y.
// Formatting is Prettier's job (eslint-config-prettier turns off the rules that would fight it).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "build/**",
      "public/build/**",
      ".cache/**",
      ".data/**",
      ".reports/**",
      "test-results/**",
      "playwright-report/**",
      "app/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs,js}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      // the two classic rules; v7's React-Compiler rules (refs, set-state-in-effect …) target compiled code
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      ...jsxA11y.flatConfigs.recommended.rules,
      // a scrollable table region must be reachable by keyboard (axe: scrollable-region-focusable)
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
  {
    // One application clock (docs/decisions/060): business time comes from app/utils/clock.server.ts (now(), today()).
    // `new Date()` without arguments and `Date.now()` are refused elsewhere; `new Date(x)` (parsing, arithmetic) is fine.
    files: ["app/**/*.{ts,tsx}", "prisma/**/*.ts"],
    ignores: [
      "**/*.test.ts",
      "app/domain/demoClock.ts", // serverWallClock(): the one reader of the server's clock, which the clock builds on
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "业务时间请用应用时钟：import { now } from '~/utils/clock.server'（docs/decisions/060）",
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "业务时间请用应用时钟：import { now } from '~/utils/clock.server'（docs/decisions/060）",
        },
      ],
    },
  },
  {
    // Scope by construction (docs/decisions/066): routes and components read through `db.as(viewer)`
    // (app/models/db.server.ts) or model functions; the unscoped client lives in models, presenters, jobs, ops, seed.
    files: ["app/routes/**", "app/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "~/utils/db.server",
              importNames: ["prisma", "getPrisma", "dbPool"],
              message: "Unscoped database client: use db.as(viewer) from ~/models/db.server, or a model function.",
            },
            {
              name: "~/generated/prisma/client",
              importNames: ["PrismaClient"],
              message: "Unscoped database client: use db.as(viewer) from ~/models/db.server, or a model function.",
            },
          ],
          patterns: [
            {
              group: ["**/utils/db.server"],
              importNames: ["prisma", "getPrisma", "dbPool"],
              message: "Unscoped database client: use db.as(viewer) from ~/models/db.server, or a model function.",
            },
          ],
        },
      ],
    },
  },
  {
    // tests poke at loosely typed JSON and raw SQL rows
    files: ["tests/**", "**/*.test.ts", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  prettier,
);
