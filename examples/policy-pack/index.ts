// In a copy of this pack outside the repository: import { auth0AppConnectionPolicies } from "infisical-auth0-iac/policy";
import { PolicyPack } from "@pulumi/policy";
import { auth0AppConnectionPolicies } from "../../provider/policy";

new PolicyPack("infisical-auth0", { policies: auth0AppConnectionPolicies });
