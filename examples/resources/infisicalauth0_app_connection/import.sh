# By the connection's id (a UUID, shown in the connection's details in Infisical):
terraform import infisicalauth0_app_connection.org 3f1c2b9e-8d4a-4c1e-9b7a-2e5f6a7b8c9d

# By name, for an org-level connection:
terraform import infisicalauth0_app_connection.org auth0-prod

# By <project_id>/<name>, for a project-level connection:
terraform import infisicalauth0_app_connection.project 8b0d5b1e-1234-4cde-9f00-aa11bb22cc33/auth0-prod
