"""The embedded store (SQLAlchemy 2 async; SQLite by default, PostgreSQL via asyncpg)."""
