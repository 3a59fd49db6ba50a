-- A login role that can read the public views and nothing else (no tables, no sealed keys).
--   psql "$DB" -v password="'choose-one'" -f db/queries/readonly-role.sql
-- Run again after upgrades that add views.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reissued_reader') THEN
    CREATE ROLE reissued_reader LOGIN;
  END IF;
END
$$;
ALTER ROLE reissued_reader PASSWORD :password;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM reissued_reader;
GRANT USAGE ON SCHEMA public TO reissued_reader;
GRANT SELECT ON v_certificates, v_reissues, v_validations, v_notifications, v_deliveries, v_account_syncs,
                v_cloud_resources TO reissued_reader;
