-- The audit trail: one row per `fetch` or `clean`, failures included.
-- `fxrates status` reads it; `fxrates clean` prunes it with the same AGE.

CREATE TABLE fetch_runs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command     text        NOT NULL,          -- 'fetch' or 'clean'
    provider    text,                          -- the source fetched; NULL for clean
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    ok          boolean     NOT NULL,
    days        integer     NOT NULL DEFAULT 0,  -- days fetched
    inserted    bigint      NOT NULL DEFAULT 0,
    updated     bigint      NOT NULL DEFAULT 0,  -- fetch: rates changed; clean: 0
    unchanged   bigint      NOT NULL DEFAULT 0,
    deleted     bigint      NOT NULL DEFAULT 0,  -- clean: rates deleted
    error       text                             -- the one-line error of a failed run
);

CREATE INDEX fetch_runs_started_at_idx ON fetch_runs (started_at);
CREATE INDEX fetch_runs_provider_idx ON fetch_runs (provider, started_at);

COMMENT ON TABLE fetch_runs IS 'One row per fxrates fetch or clean run, failed runs included';
