-- Conode.NET PostgreSQL schema, version 1: what Orleans' ADO.NET clustering and grain persistence need
-- (PostgreSQL 15 or later).
--
-- Orleans reads every SQL statement it runs from the OrleansQuery table, by key; the statements below meet
-- the providers' contract: the parameter names they bind (@DeploymentId, @GrainIdHash, ...) and the result
-- columns they read by name ("Version", "PayloadBinary", ...). The tables behind them are ours.
--
-- Applied by `conode db init` (which skips it once conode_schema_migrations records version 1), or by hand:
--   psql -v ON_ERROR_STOP=1 -f 0001-orleans-clustering-and-grain-state.sql
-- Every statement is idempotent, so running the file twice is harmless. Run it as the database's owner
-- (PostgreSQL 15 lets no one else create tables in schema public).

CREATE TABLE IF NOT EXISTS conode_schema_migrations
(
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Orleans loads its statements with "SELECT QueryKey, QueryText FROM OrleansQuery": name and columns are fixed.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

----------------------------------------------------------------------------------------------------------------
-- Cluster membership. One cluster per conode identity (cluster id "conode-<public key>"), so nodes that
-- share a database never see each other's silos. The version row is the table-wide optimistic lock of
-- Orleans' membership protocol: every insert or update of a silo row must move it from @Version to @Version+1.

CREATE TABLE IF NOT EXISTS orleans_cluster_version
(
    cluster_id varchar(150) PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_silo
(
    cluster_id varchar(150) NOT NULL REFERENCES orleans_cluster_version ON DELETE CASCADE,
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name varchar(150) NOT NULL,
    host_name varchar(150) NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- A silo row under the column names Orleans reads.
CREATE OR REPLACE VIEW orleans_silo_entry AS
SELECT cluster_id,
       address AS "Address",
       port AS "Port",
       generation AS "Generation",
       silo_name AS "SiloName",
       host_name AS "HostName",
       status AS "Status",
       proxy_port AS "ProxyPort",
       suspect_times AS "SuspectTimes",
       start_time AS "StartTime",
       i_am_alive_time AS "IAmAliveTime"
FROM orleans_silo;

----------------------------------------------------------------------------------------------------------------
-- Grain state. Orleans identifies a state by service id, "grain type" (Conode.NET passes
-- "<grain type>/<state name>", see Storage/GrainTypeScopedStorage.cs), and the grain key split into two
-- numbers and a string; the hashes only narrow the index. version is the ETag: 1 on insert, +1 on every
-- write or clear. NULLS NOT DISTINCT makes the key unique even without a key extension, so two
-- activations racing to create the same state cannot both succeed.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id varchar(150) NOT NULL,
    grain_type_hash integer NOT NULL,
    grain_type varchar(512) NOT NULL,
    grain_id_hash integer NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_id_extension varchar(512),
    payload bytea,
    version integer NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key ON orleans_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
    NULLS NOT DISTINCT;

----------------------------------------------------------------------------------------------------------------
-- The statements. Boolean results are one integer column: > 0 means done, 0 means "the version moved,
-- re-read and retry" (Orleans' reading). ON CONFLICT refreshes the text when a later file changes it.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $sql$
    WITH inserted AS (
        INSERT INTO orleans_cluster_version (cluster_id) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$sql$),

('InsertMembershipKey', $sql$
    -- The version moves only if the silo is new, and the silo is added only if the version moved.
    WITH bumped AS (
        UPDATE orleans_cluster_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND version = @Version
          AND NOT EXISTS (SELECT 1 FROM orleans_silo
                          WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port
                            AND generation = @Generation)
        RETURNING cluster_id),
    inserted AS (
        INSERT INTO orleans_silo (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
                                  start_time, i_am_alive_time)
        SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
        FROM bumped
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$sql$),

('UpdateMembershipKey', $sql$
    WITH bumped AS (
        UPDATE orleans_cluster_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND version = @Version
          AND EXISTS (SELECT 1 FROM orleans_silo
                      WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port
                        AND generation = @Generation)
        RETURNING cluster_id),
    updated AS (
        UPDATE orleans_silo s
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM bumped
        WHERE s.cluster_id = bumped.cluster_id AND s.address = @Address AND s.port = @Port
          AND s.generation = @Generation
        RETURNING 1)
    SELECT count(*)::integer FROM updated
$sql$),

('UpdateIAmAlivetimeKey', $sql$
    UPDATE orleans_silo SET i_am_alive_time = @IAmAliveTime
    WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

('MembershipReadRowKey', $sql$
    -- The version row comes back even when the silo has no row yet.
    SELECT v.cluster_id AS "DeploymentId", v.version AS "Version", e.*
    FROM orleans_cluster_version v
    LEFT JOIN orleans_silo_entry e ON e.cluster_id = v.cluster_id
        AND e."Address" = @Address AND e."Port" = @Port AND e."Generation" = @Generation
    WHERE v.cluster_id = @DeploymentId
$sql$),

('MembershipReadAllKey', $sql$
    SELECT v.cluster_id AS "DeploymentId", v.version AS "Version", e.*
    FROM orleans_cluster_version v
    LEFT JOIN orleans_silo_entry e ON e.cluster_id = v.cluster_id
    WHERE v.cluster_id = @DeploymentId
$sql$),

('GatewaysQueryKey', $sql$
    SELECT "Address", "ProxyPort", "Generation"
    FROM orleans_silo_entry
    WHERE cluster_id = @DeploymentId AND "Status" = @Status AND "ProxyPort" > 0
$sql$),

('DeleteMembershipTableEntriesKey', $sql$
    DELETE FROM orleans_cluster_version WHERE cluster_id = @DeploymentId
$sql$),

('CleanupDefunctSiloEntriesKey', $sql$
    -- Silos that are not Active (status 3) and have not signed in since the cut-off.
    DELETE FROM orleans_silo
    WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$sql$),

('ReadFromStorageKey', $sql$
    SELECT payload AS "PayloadBinary", version AS "Version"
    FROM orleans_grain_state
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
      AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$sql$),

('WriteToStorageKey', $sql$
    -- With a version: update that version. Without one: create the state, unless it exists.
    -- Exactly one row comes back; NULL tells Orleans the write lost a race.
    WITH updated AS (
        UPDATE orleans_grain_state
        SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
          AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
          AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
                                         grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0,
               @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$sql$),

('ClearStorageKey', $sql$
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE version = @GrainStateVersion
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
      AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version AS "NewGrainStateVersion"
$sql$),

('DeleteStorageKey', $sql$
    DELETE FROM orleans_grain_state
    WHERE version = @GrainStateVersion
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
      AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version + 1 AS "NewGrainStateVersion"
$sql$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO conode_schema_migrations (version, description)
VALUES (1, 'Orleans ADO.NET clustering and grain persistence')
ON CONFLICT (version) DO NOTHING;
