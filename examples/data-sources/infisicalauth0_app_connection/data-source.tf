# By name: the org-level connection of that name.
data "infisicalauth0_app_connection" "shared" {
  name = "auth0-prod"
}

# By name in a project.
data "infisicalauth0_app_connection" "in_project" {
  name       = "auth0-prod"
  project_id = var.infisical_project_id
}

# By id.
data "infisicalauth0_app_connection" "by_id" {
  id = "3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d"
}

output "auth0_tenant" {
  value = data.infisicalauth0_app_connection.shared.credentials.domain
}

variable "infisical_project_id" {
  type = string
}
