"""Scheduled check-ins: due rows in the database, claimed and sent by one or more dispatchers."""
