-- Runs once, when the postgres container initialises an empty data volume.
-- pgvector is not a trusted extension: it must be created by a superuser
-- before the application's Flyway migrations run as the application role.
CREATE EXTENSION IF NOT EXISTS vector;
