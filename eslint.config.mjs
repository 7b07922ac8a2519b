import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The emulator folder is an npm package: importing the folder resolves to its compiled (possibly stale) dist.
const emulatorFolder = {
  regex: "^(\\.\\./)+emulator$",
  message: "Import emulator/index (the source), not the package folder.",
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "emulator/dist/**",
      "node_modules/**",
      "**/node_modules/**",
      "coverage/**",
      "**/.terraform/**",
      "**/cdktf.out/**",
      "bench/results.json",
      ".tmp/**",
      ".stryker-tmp/**",
      "reports/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
      eqeqeq: ["error", "smart"],
      "no-console": "off",
      "no-restricted-imports": ["error", { patterns: [emulatorFolder] }],
    },
  },
  {
    // The demo and the development tools (tools/) are not tests: they never depend on the test suite.
    files: ["examples/**/*.ts", "tools/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            emulatorFolder,
            { regex: "^(\\.\\./)+test(/|$)", message: "Not from test/: move what the demo needs to tools/." },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
  },
);
