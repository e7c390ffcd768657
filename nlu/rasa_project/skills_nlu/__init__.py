"""Custom Rasa components for Skills Escalator (loaded by Rasa from config.yml)."""
