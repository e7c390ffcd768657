"""Persistence shared by every part: SQLAlchemy 2 models, engine set-up, migrations."""
