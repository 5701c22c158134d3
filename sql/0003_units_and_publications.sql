-- Central banks' own rates: a unit per row and each day's publication reference.
-- Both are part of the public contract; see docs/schema.md.

-- `unit` units of base = `rate` quote. Every row stored before this migration
-- priced one unit, and keeps that meaning.
ALTER TABLE rates
    ADD COLUMN unit integer NOT NULL DEFAULT 1
        CONSTRAINT rates_unit_power_of_ten CHECK (unit IN (1, 10, 100, 1000, 10000, 100000, 1000000));

COMMENT ON TABLE rates IS 'Daily foreign-exchange reference rates kept by fxrates, in the publisher''s direction: unit base = rate quote';
COMMENT ON COLUMN rates.base IS 'The currency priced (ISO 4217)';
COMMENT ON COLUMN rates.quote IS 'The currency of the price (ISO 4217)';
COMMENT ON COLUMN rates.unit IS 'How many units of base the rate prices: 1, 100, 1000…; rate / unit is the price of one unit, exactly';
COMMENT ON COLUMN rates.rate IS 'The rate exactly as published, its digits and trailing zeros kept';

-- A publisher's own reference for a day's rates, e.g. the NBP table number
-- 041/A/NBP/2026 that Polish invoices quote.
CREATE TABLE publications (
    source     text        NOT NULL,
    rate_date  date        NOT NULL,
    reference  text        NOT NULL,
    fetched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, rate_date)
);

COMMENT ON TABLE publications IS 'The publisher''s reference for one source''s rates of one day (e.g. an NBP table number)';
COMMENT ON COLUMN publications.reference IS 'As the publisher prints it, e.g. 041/A/NBP/2026';
