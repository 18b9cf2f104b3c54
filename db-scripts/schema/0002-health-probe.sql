-- Migration 2: where /health proves the database still takes durable writes (one row per node).
CREATE TABLE IF NOT EXISTS conode_health_probe (
    service_id varchar(150) NOT NULL PRIMARY KEY,
    marker     varchar(64)  NOT NULL,
    written_at timestamptz  NOT NULL DEFAULT now()
);

INSERT INTO conode_schema_migrations (version, description)
VALUES (2, 'Health probe row per node')
ON CONFLICT (version) DO NOTHING;
