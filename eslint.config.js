import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "app/generated/", "data/", "node_modules/", "test-artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Server-only code must never be imported into what runs in the browser by mistake: the suffix marks it.
      "no-restricted-imports": ["error", { patterns: [{ group: ["*.server/*"], message: "Use the .server.ts suffix, not a .server/ folder." }] }],
      // Prisma's relation count (`_count: { select: { ballots: true } }`) joins a GROUP BY over the whole related
      // table, on every call: a page view would read every ballot in the database. Count through the foreign key.
      "no-restricted-syntax": ["error", {
        selector: "Property[key.name='_count'] > ObjectExpression > Property[key.name='select']",
        message: "A relation _count groups the whole related table: use count()/groupBy() filtered by the foreign key.",
      }],
    },
  },
);
