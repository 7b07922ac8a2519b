# An org-level connection. The client secret is a write-only argument (Terraform 1.11 or later):
# it is never stored in plan or state; bump client_secret_wo_version to send a new one.
resource "infisicalauth0_app_connection" "org" {
  name        = "auth0-prod"
  description = "Auth0 Management API, for secret rotation"
  credentials = {
    domain                   = "my-tenant.us.auth0.com"
    client_id                = var.auth0_client_id
    audience                 = "https://my-tenant.us.auth0.com/api/v2/"
    client_secret_wo         = var.auth0_client_secret
    client_secret_wo_version = 1
  }
}

# A project-level connection. client_secret is kept in state (marked sensitive), so a changed
# value is detected by itself.
resource "infisicalauth0_app_connection" "project" {
  name       = "auth0-prod"
  project_id = var.infisical_project_id
  credentials = {
    domain        = "my-tenant.us.auth0.com"
    client_id     = var.auth0_client_id
    audience      = "https://my-tenant.us.auth0.com/api/v2/"
    client_secret = var.auth0_client_secret
  }
}

variable "auth0_client_id" {
  type = string
}

variable "auth0_client_secret" {
  type      = string
  sensitive = true
}

variable "infisical_project_id" {
  type = string
}
