-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "fraud_checks" (
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "card_fingerprint" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "reasons" TEXT[],
    "total_amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "card_country" TEXT NOT NULL,
    "shipping_country" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_checks_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "fraud_rules" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "max_order_amount" BIGINT NOT NULL DEFAULT 1000000,
    "velocity_max_orders" INTEGER NOT NULL DEFAULT 5,
    "velocity_window_seconds" INTEGER NOT NULL DEFAULT 60,
    "cross_border_max_amount" BIGINT NOT NULL DEFAULT 100000,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blocklist_entries" (
    "id" UUID NOT NULL,
    "customer_id" TEXT,
    "card_fingerprint" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blocklist_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_events" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE INDEX "fraud_checks_customer_id_occurred_at_idx" ON "fraud_checks"("customer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "blocklist_entries_customer_id_idx" ON "blocklist_entries"("customer_id");

-- CreateIndex
CREATE INDEX "blocklist_entries_card_fingerprint_idx" ON "blocklist_entries"("card_fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_events_event_id_key" ON "outbox_events"("event_id");


-- The thresholds start at the column defaults (DESIGN.md's fraud rules).
INSERT INTO "fraud_rules" ("id") VALUES (1);
