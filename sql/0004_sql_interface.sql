-- The rates from applications' own SQL: fx_rate, fx_convert, fx_rate_detail
-- and the fx_daily join relation. A public contract like the tables; see
-- docs/sql.md. `show` and `convert` read through the same functions.

-- A run that gave up waiting for another run holding its lock (exit 6) is
-- recorded, but is no failure of its source: status skips it.
ALTER TABLE fetch_runs ADD COLUMN gave_way boolean NOT NULL DEFAULT false;

-- How far back a day without publication looks for the rate in force: far
-- enough for Easter or Christmas, near enough that a currency a publisher
-- stopped is not served for months. Changing it means a new migration.
CREATE FUNCTION fx_lookback() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 10;

-- Which sources answer, in order, when a call names none. init-db writes it
-- from FXRATES_PROVIDER (--provider); change it with plain SQL.
CREATE TABLE fx_source_order (
    position integer PRIMARY KEY,
    source   text    NOT NULL UNIQUE
);

-- Each provider's home currency, the one on a side of every rate it prints:
-- other pairs are computed through it. init-db keeps it up to date.
CREATE TABLE fx_sources (
    source text    PRIMARY KEY,
    home   char(3) NOT NULL
);

-- The rate in force on every calendar day of each source's stored span (and
-- the look-back after its newest day), for every pair it published, in both
-- directions. fetch and clean maintain it in their own transactions (init-db
-- fills it for what an upgraded database holds); read it through the
-- fx_daily view. No index but (source, day): a ledger join then
-- hashes it, which is the fast plan.
CREATE TABLE fx_daily_rates (
    source    text    NOT NULL,
    day       date    NOT NULL,
    base      char(3) NOT NULL,
    quote     char(3) NOT NULL,
    rate      numeric NOT NULL,
    rate_date date    NOT NULL
);
CREATE INDEX fx_daily_rates_source_day_idx ON fx_daily_rates (source, day);
-- Every day holds the same number of rows, so with exact statistics on
-- `day` there is no "most common day"; a sampled guess makes some up, and
-- the planner then hashes the ledger instead of this table, which is much
-- slower (see docs/sql.md). 10000 samples the whole of a long history.
ALTER TABLE fx_daily_rates ALTER COLUMN day SET STATISTICS 10000;

CREATE VIEW fx_daily AS
    SELECT source, day, base, quote, rate, rate_date FROM fx_daily_rates;

COMMENT ON VIEW fx_daily IS 'Per source and calendar day, every published pair both ways: 1 base = rate quote, in force that day (published on rate_date)';

-- A currency code argument: three letters in any case; anything else is an
-- error (22023), never a silent NULL.
CREATE FUNCTION fx_code(code text) RETURNS char(3)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF code !~ '^[A-Za-z]{3}$' THEN
        RAISE EXCEPTION 'invalid currency code %', quote_literal(code)
            USING ERRCODE = '22023', HINT = 'Expected three letters, e.g. USD.';
    END IF;
    RETURN upper(code);
END
$$;

-- The price of one unit of a rate printed for `unit` units: the point moves,
-- the printed digits stay (6.304 per 100 is 0.06304). Not STRICT, so that
-- it is inlined.
CREATE FUNCTION fx_per_unit(rate numeric, unit integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN rate * CASE unit
        WHEN 1 THEN 1 WHEN 10 THEN 0.1 WHEN 100 THEN 0.01 WHEN 1000 THEN 0.001
        WHEN 10000 THEN 0.0001 WHEN 100000 THEN 0.00001 WHEN 1000000 THEN 0.000001
    END;

-- Every source with stored rates and its newest day, by a loose scan of the
-- primary key from its end: one index probe a source, however many rows.
CREATE FUNCTION fx_stored_sources() RETURNS TABLE (source text, newest date)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH RECURSIVE newest (source, day) AS (
        (SELECT r.source, r.rate_date FROM rates r ORDER BY r.source DESC, r.rate_date DESC LIMIT 1)
        UNION ALL
        SELECT previous.source, previous.rate_date
          FROM newest n
         CROSS JOIN LATERAL (
               SELECT r.source, r.rate_date FROM rates r
                WHERE r.source < n.source
                ORDER BY r.source DESC, r.rate_date DESC
                LIMIT 1
         ) AS previous
    )
    SELECT n.source, n.day FROM newest n
$$;

-- For each calendar day from `from_day` to `to_day`, the day whose
-- publication of `src` is in force: its newest stored day on or before it,
-- within the look-back (NULL when there is none). The rule, written once; a
-- plain SQL set-returning function, so that a query calling it in FROM has
-- it inlined (fetch's refresh of fx_daily does, for thousands of days).
CREATE FUNCTION fx_days_in_force(src text, from_day date, to_day date)
    RETURNS TABLE (day date, rate_date date)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT g::date,
           (SELECT max(r.rate_date) FROM rates r
             WHERE r.source = src AND r.rate_date BETWEEN g::date - fx_lookback() AND g::date)
      FROM generate_series(from_day, to_day, interval '1 day') AS g
$$;

-- The day in force for one day (`on_day` NULL: the newest stored day). One
-- index probe; PL/pgSQL, so that its plan is kept for the session's many
-- calls.
CREATE FUNCTION fx_day_in_force(src text, on_day date) RETURNS date
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF on_day IS NULL THEN
        RETURN (SELECT max(r.rate_date) FROM rates r WHERE r.source = src);
    END IF;
    RETURN (SELECT d.rate_date FROM fx_days_in_force(src, on_day, on_day) AS d);
END
$$;

-- Which source answers for `on_day` (NULL: the newest stored day), and with
-- which day: the first of `sources` with a publication in force, or, with
-- `others`, any other source with one (the newest day first, then by name).
CREATE FUNCTION fx_source_in_force(on_day date, sources text[], others boolean)
    RETURNS TABLE (source text, rate_date date)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT x.src, x.d
          FROM (SELECT s.src, fx_day_in_force(s.src, on_day) AS d, s.n
                  FROM unnest(sources) WITH ORDINALITY AS s (src, n)) AS x
         WHERE x.d IS NOT NULL
         ORDER BY x.n
         LIMIT 1;
    IF FOUND OR NOT others THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT y.source, y.d
          FROM (SELECT st.source, fx_day_in_force(st.source, on_day) AS d
                  FROM fx_stored_sources() AS st
                 WHERE st.source <> ALL (sources)) AS y
         WHERE y.d IS NOT NULL
         ORDER BY y.d DESC, y.source
         LIMIT 1;
END
$$;

-- The rule itself: 1 `b` = ? `q` on `on_day` (NULL: the newest stored day),
-- from the source fx_source_in_force picks. On that source's day: the pair
-- as printed, exactly (per one unit); else its reverse, or the pair through
-- the source's home currency, computed in numeric (one division: at least
-- 16 significant digits). No row when nothing is in force or the day lacks
-- a currency. `unit` and `printed` give a printed pair as printed.
CREATE FUNCTION fx_lookup(b char(3), q char(3), on_day date, sources text[], others boolean)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean,
                   unit integer, printed numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_variable
DECLARE
    src text;
    d date;
    home char(3);
    r record;
    b_num numeric; b_den numeric;
    q_num numeric; q_den numeric;
BEGIN
    SELECT f.source, f.rate_date INTO src, d FROM fx_source_in_force(on_day, sources, others) AS f;
    IF src IS NULL THEN
        RETURN;
    END IF;
    IF b = q THEN
        RETURN QUERY SELECT 1::numeric, d, src, false, 1, 1::numeric;
        RETURN;
    END IF;
    SELECT t.unit, t.rate INTO r FROM rates t
     WHERE t.source = src AND t.rate_date = d AND t.base = b AND t.quote = q;
    IF FOUND THEN
        RETURN QUERY SELECT fx_per_unit(r.rate, r.unit), d, src, false, r.unit, r.rate;
        RETURN;
    END IF;
    SELECT t.unit, t.rate INTO r FROM rates t
     WHERE t.source = src AND t.rate_date = d AND t.base = q AND t.quote = b;
    IF FOUND THEN
        RETURN QUERY SELECT r.unit / r.rate, d, src, true, 1, NULL::numeric;
        RETURN;
    END IF;
    home := (SELECT s.home FROM fx_sources s WHERE s.source = src);
    IF home IS NULL THEN
        -- A source fxrates does not know: the base with the most quotes.
        home := (SELECT t.base FROM rates t WHERE t.source = src AND t.rate_date = d
                  GROUP BY t.base ORDER BY count(*) DESC, t.base LIMIT 1);
    END IF;
    -- One unit of a currency = num / den home.
    IF b = home THEN
        b_num := 1; b_den := 1;
    ELSE
        SELECT CASE WHEN t.base = b THEN t.rate ELSE t.unit END,
               CASE WHEN t.base = b THEN t.unit ELSE t.rate END
          INTO b_num, b_den
          FROM rates t
         WHERE t.source = src AND t.rate_date = d
           AND ((t.base = b AND t.quote = home) OR (t.base = home AND t.quote = b))
         LIMIT 1;
    END IF;
    IF q = home THEN
        q_num := 1; q_den := 1;
    ELSE
        SELECT CASE WHEN t.base = q THEN t.rate ELSE t.unit END,
               CASE WHEN t.base = q THEN t.unit ELSE t.rate END
          INTO q_num, q_den
          FROM rates t
         WHERE t.source = src AND t.rate_date = d
           AND ((t.base = q AND t.quote = home) OR (t.base = home AND t.quote = q))
         LIMIT 1;
    END IF;
    IF b_num IS NULL OR q_num IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT (b_num * q_den) / (b_den * q_num), d, src, true, 1, NULL::numeric;
END
$$;

-- Which rate answers, for audit trails: the rate (units of quote per one unit
-- of base), the publication day used, the source, and whether it was
-- computed rather than printed by the publisher. No row when no rate is in
-- force.
CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT l.rate, l.rate_date, l.source, l.computed
      FROM fx_lookup(
               fx_code(fx_rate_detail.base), fx_code(fx_rate_detail.quote), fx_rate_detail.day,
               CASE WHEN fx_rate_detail.source IS NULL
                    THEN ARRAY(SELECT o.source FROM fx_source_order o ORDER BY o.position)
                    ELSE ARRAY[fx_rate_detail.source] END,
               fx_rate_detail.source IS NULL) AS l
$$;

-- Units of `quote` per one unit of `base` in force on `day`; NULL when none is.
CREATE FUNCTION fx_rate(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d.rate FROM fx_rate_detail(base, quote, day, source) AS d
$$;

-- `amount` in `base` expressed in `quote`, unrounded; NULL when no rate is in force.
CREATE FUNCTION fx_convert(amount numeric, base text, quote text, day date,
                           source text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT amount * fx_rate(base, quote, day, source)
$$;
