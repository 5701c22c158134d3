-- The rates table: one row per provider, day and currency pair.
-- This table is a public contract; see "Schema" in README.md.

CREATE TABLE rates (
    source     text        NOT NULL,
    rate_date  date        NOT NULL,
    base       char(3)     NOT NULL,
    quote      char(3)     NOT NULL,
    rate       numeric     NOT NULL CONSTRAINT rates_rate_positive CHECK (rate > 0),
    fetched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, rate_date, base, quote)
);

CREATE INDEX rates_rate_date_idx ON rates (rate_date);

COMMENT ON TABLE rates IS 'Daily foreign-exchange reference rates kept by fxrates: 1 base = rate quote';
COMMENT ON COLUMN rates.source IS 'The provider the row came from, e.g. ecb';
COMMENT ON COLUMN rates.rate IS 'The rate exactly as published';
COMMENT ON COLUMN rates.fetched_at IS 'When the row was stored, or last changed';
