// Entry point bundled by provider/terraform/plugin/build.ts into terraform-provider-tfpluginexample.
import { serve } from "../../../provider/terraform/plugin";
import { exampleProvider } from "./provider";

serve(exampleProvider);
