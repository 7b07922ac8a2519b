terraform {
  required_providers {
    infisicalauth0 = {
      source  = "infisical-iac/infisicalauth0"
      version = "~> 0.1"
    }
  }
}

# A machine identity with universal auth. Every value may come from the environment instead:
# INFISICAL_HOST, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET.
provider "infisicalauth0" {
  host = "https://app.infisical.com"
  auth = {
    universal = {
      client_id     = var.infisical_client_id
      client_secret = var.infisical_client_secret
    }
  }
}

variable "infisical_client_id" {
  type = string
}

variable "infisical_client_secret" {
  type      = string
  sensitive = true
}
