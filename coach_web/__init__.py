"""Coach web app: caseload, worker pages, impact report."""
