"""The deployment path: `dagster dev` (webserver and daemon) on the course's instance, its GraphQL API, and the
Dagster UI served through JupyterLab."""
