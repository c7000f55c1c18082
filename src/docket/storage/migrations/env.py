"""Alembic environment: runs on the connection Docket hands it (see storage.engine.upgrade)."""

from alembic import context

from docket.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
