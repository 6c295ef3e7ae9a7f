-- One database and one login role per service; no role can connect to
-- another service's database. Development passwords only: production
-- passwords come from secrets.
DO $$
DECLARE
  svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['orders', 'inventory', 'payments', 'fraud_detection', 'notifications'] LOOP
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L',
                   'surge_' || svc, 'surge_' || svc);
  END LOOP;
END
$$;

CREATE DATABASE surge_orders OWNER surge_orders;
CREATE DATABASE surge_inventory OWNER surge_inventory;
CREATE DATABASE surge_payments OWNER surge_payments;
CREATE DATABASE surge_fraud_detection OWNER surge_fraud_detection;
CREATE DATABASE surge_notifications OWNER surge_notifications;

REVOKE CONNECT ON DATABASE surge_orders, surge_inventory, surge_payments, surge_fraud_detection, surge_notifications FROM PUBLIC;
