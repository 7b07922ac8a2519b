// The provider executable's entry: bundled by build-provider.ts into dist/terraform/terraform-provider-infisicalauth0.
import { serve } from "./plugin";
import { infisicalAuth0Provider } from "./provider";

serve(infisicalAuth0Provider);
