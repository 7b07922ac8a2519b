// The provider executable's entry: bundled by build-provider.ts into dist/terraform/terraform-provider-infisicalauth0.
import { serve } from "./plugin";
import { infisicalAuth0Provider } from "./provider";

// undici parses HTTP with llhttp compiled to WebAssembly; V8 then optimizes that module on background threads, and a
// process that made a request waits ~90 ms for them when it exits. A provider process makes a handful of requests
// and exits: the baseline compiler alone is faster overall (measured: -65 ms per process that calls Infisical).
// Set before the first request, when the module is compiled.
require("node:v8").setFlagsFromString("--liftoff-only");

serve(infisicalAuth0Provider);
