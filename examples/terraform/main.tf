# Two Auth0 App Connections in Infisical: one for the whole organization (secret kept in state, marked sensitive),
# one for a project (write-only secret: never stored; bump its version to send a new one).
terraform {
  required_version = ">= 1.11"
  required_providers {
    infisicalauth0 = {
      source  = "infisical-iac/infisicalauth0"
      version = "0.1.0"
    }
  }
}

# Credentials come from INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (or INFISICAL_TOKEN).
provider "infisicalauth0" {
  host = var.infisical_host
}

variable "infisical_host" {
  type    = string
  default = "https://app.infisical.com"
}

variable "project_id" {
  type        = string
  description = "The Infisical project for the project-level connection."
}

variable "auth0_domain" {
  type = string
}

variable "auth0_client_id" {
  type = string
}

variable "auth0_audience" {
  type = string
}

variable "auth0_client_secret" {
  type      = string
  sensitive = true
}

variable "auth0_client_secret_version" {
  type        = number
  default     = 1
  description = "Bump after rotating the secret in Auth0 to send it to the project-level connection."
}

resource "infisicalauth0_app_connection" "org" {
  name        = "auth0-org"
  description = "Auth0 Management API, for every project"
  credentials = {
    domain        = var.auth0_domain
    client_id     = var.auth0_client_id
    audience      = var.auth0_audience
    client_secret = var.auth0_client_secret
  }
  # Infisical rewrites the stored credentials whenever it refreshes its Auth0 token; don't call that drift.
  ignore_credential_refresh = true
}

resource "infisicalauth0_app_connection" "project" {
  name       = "auth0-project"
  project_id = var.project_id
  credentials = {
    domain                   = var.auth0_domain
    client_id                = var.auth0_client_id
    audience                 = var.auth0_audience
    client_secret_wo         = var.auth0_client_secret
    client_secret_wo_version = var.auth0_client_secret_version
  }
}

output "org_connection_id" {
  value = infisicalauth0_app_connection.org.id
}

output "project_connection_id" {
  value = infisicalauth0_app_connection.project.id
}
