/**
 * The build freshness check moved to tools/build.ts (the demo uses it too, and must not import from test/).
 * Usage, as before: npx tsx test/setup/build.ts   (builds if stale; prints what it did)
 */
import { ensureBuild } from "../../tools/build";

export { BUILD_OUTPUTS, buildInputsHash, buildIsFresh, ensureBuild } from "../../tools/build";

if (require.main === module) {
  console.log(ensureBuild() ? "built dist/" : "dist/ is up to date with its inputs");
}
