# The id: the connection's UUID, its name (org-level) or "<project_id>/<name>" (project-level).
import {
  to = infisicalauth0_app_connection.org
  id = "auth0-prod"
}
