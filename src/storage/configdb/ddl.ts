/**
 * homer-app's config tables (reference/homer-app.md §2.1), as its gorm AutoMigrate creates them:
 * `id serial` primary key, the same column names and types, `timestamp with time zone` for Go
 * `time.Time`, and the same unique index names, so homer-app and homer-ts can share the database.
 * Only `IF NOT EXISTS`: run against an existing homer_config nothing is altered or dropped.
 */

export const CONFIG_TABLES = [
  'users',
  'user_settings',
  'global_settings',
  'mapping_schema',
  'hepsub_mapping_schema',
  'alias',
  'agent_location_session',
  'auth_token',
  'versions',
  'applications',
] as const;

export const CONFIG_DDL = `
CREATE TABLE IF NOT EXISTS users (
  id serial PRIMARY KEY,
  username varchar(100) NOT NULL,
  partid int NOT NULL DEFAULT 10,
  email varchar(250) NOT NULL,
  enabled boolean DEFAULT true,
  firstname varchar(50) NOT NULL,
  lastname varchar(50) NOT NULL,
  department varchar(50) NOT NULL,
  usergroup varchar(250) NOT NULL,
  hash varchar(128) NOT NULL,
  guid varchar(50) NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT current_timestamp
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_username ON users (username);
-- homer-app added users.enabled later (1.4.x); an older homer_config gets it with its default.
ALTER TABLE users ADD COLUMN IF NOT EXISTS enabled boolean DEFAULT true;

CREATE TABLE IF NOT EXISTS user_settings (
  id serial PRIMARY KEY,
  guid uuid,
  username varchar(100) NOT NULL,
  partid int NOT NULL,
  category varchar(100) NOT NULL,
  param varchar(100) NOT NULL,
  data json,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS global_settings (
  id serial PRIMARY KEY,
  guid uuid,
  partid int NOT NULL,
  category varchar(100) NOT NULL,
  param varchar(100) NOT NULL,
  data json,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS mapping_schema (
  id serial PRIMARY KEY,
  guid uuid,
  profile varchar(100) NOT NULL,
  hepid int NOT NULL,
  hep_alias varchar(100),
  partid int NOT NULL,
  version int NOT NULL,
  retention int NOT NULL,
  partition_step int NOT NULL,
  create_index json,
  create_table text,
  correlation_mapping json,
  fields_mapping json DEFAULT '{}',
  mapping_settings json DEFAULT '{}',
  schema_mapping json,
  schema_settings json,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS hepsub_mapping_schema (
  id serial PRIMARY KEY,
  guid uuid,
  profile varchar(100),
  hepid varchar(250),
  hep_alias varchar(250),
  version varchar(50),
  mapping json,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS alias (
  id serial PRIMARY KEY,
  guid uuid,
  alias varchar(250),
  ip varchar(60),
  port int DEFAULT 0,
  mask int,
  "captureID" varchar(20),
  status bool,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS agent_location_session (
  id serial PRIMARY KEY,
  guid uuid,
  gid int,
  host varchar(250) DEFAULT '127.0.0.1',
  port int DEFAULT 8080,
  protocol varchar(50) DEFAULT 'log',
  path varchar(250) DEFAULT '/api/search',
  node varchar(100) DEFAULT 'testnode',
  type varchar(200) DEFAULT 'type',
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp,
  expire_date timestamp with time zone NOT NULL,
  active int DEFAULT 1
);

CREATE TABLE IF NOT EXISTS auth_token (
  id serial PRIMARY KEY,
  guid uuid,
  creator_guid uuid,
  name varchar(100),
  token varchar(250),
  user_object json,
  ip_address inet,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp,
  lastusage_date timestamp with time zone NOT NULL,
  expire_date timestamp with time zone NOT NULL,
  usage_calls int DEFAULT 1,
  limit_calls int DEFAULT 1000,
  active bool
);

CREATE TABLE IF NOT EXISTS versions (
  id serial PRIMARY KEY,
  table_name varchar(50) NOT NULL,
  table_version int NOT NULL DEFAULT 10,
  created_at timestamp with time zone NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS applications (
  id serial PRIMARY KEY,
  guid uuid,
  name varchar(50) NOT NULL,
  host varchar(100) NOT NULL,
  version varchar(100) NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT current_timestamp
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_name_host ON applications (name, host);
`;
