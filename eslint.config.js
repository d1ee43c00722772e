// ESLint flat config: typescript-eslint, import cycles, and the dependency rule of docs/decisions (layers).
// Formatting is Prettier's (eslint-config-prettier turns the stylistic rules off).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/__tests__/**"];

/**
 * Imports that leave a layer upwards, per layer (no-restricted-imports patterns). Regexes, not gitignore globs:
 * in a glob a leading `#` starts a comment, so `#tests/*` would match nothing.
 */
const into = (folder, except = "") => `^(#${folder}/|(\\.\\./)+${folder}/)${except}`;
const noTests = {
  regex: into("tests"),
  message: "Shipped code never imports tests/: the sandbox wraps the app (decision 016).",
};
const noApp = { regex: into("app"), message: "This layer does not import app/ (decision 019)." };
const noDb = { regex: into("db"), message: "Connectors never touch the database (decision 019)." };
const noConnectorsButTheirTypes = {
  regex: into("connectors", "(?!types(\\.ts)?$)"),
  message: "db/ imports nothing above it but the connectors' port types (decision 019).",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "data/",
      ".cache/",
      "tests/.tmp/",
      "**/generated/**",
      "app/types/**",
      "extensions/*/dist/**",
      "db/migrations/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
      "@typescript-eslint/no-unused-vars": ["error", { args: "none", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Flags a plain initial value (`let size = 0;` before a try) as useless: noise, not a bug.
      "no-useless-assignment": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": ["error", { patterns: [{ regex: "^~/", message: "Use #app/* (package imports)." }] }],
    },
  },
  // Tests read emulators' and the app's JSON answers as they come; the emulators validate them against the specs.
  { files: ["tests/**/*.{ts,tsx}", ...TEST_FILES], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // The dependency rule: shipped code never imports tests/; connectors never touch db/ or app/; db imports no app/.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [noTests] }] },
  },
  {
    files: ["connectors/**/*.ts"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noApp, noDb] }] },
  },
  {
    files: ["db/**/*.ts"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noApp, noConnectorsButTheirTypes] }] },
  },
  prettier,
);
