"""Alembic migrations of the service database (run by ``formsift serve`` at start-up)."""
