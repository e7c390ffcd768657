"""Settings for every part of the service: a low-level package with no project imports."""
