-- The read path, rebuilt to be safe for any argument and fast at any size.
-- A public contract like the tables; see docs/sql.md.
--
-- * One rule for "which publication is in force on a calendar day", kept
--   as a small map (fx_days: a row per source and calendar day, not per
--   pair) that triggers on `rates` keep in step, which fx_rate probes once
--   and fx_daily joins to the printed rows. The per-pair table of migration
--   4 (fx_daily_rates, both directions of every pair on every day) is gone:
--   it was larger than `rates` itself.
-- * Every SQL function has a standard body (RETURN or BEGIN ATOMIC): the
--   objects it uses are bound when it is created, so it works from any
--   search_path, called schema-qualified or not, and needs no SET clause
--   (which would stop PostgreSQL from inlining it). The PL/pgSQL ones pin
--   their search_path to the schema they are installed in.
-- * The public functions are inlined into the calling query, which plans
--   the one or two statements a call runs once for all its calls: no plan
--   is made per call.
-- * A day no rate can be in force on (NULL, infinity, a day outside every
--   stored span) finds no row in the map: NULL at once, with no date
--   arithmetic on the argument and no series generated from it.

DROP VIEW fx_daily;
DROP TABLE fx_daily_rates;
DROP FUNCTION fx_rate(text, text, date, text);
DROP FUNCTION fx_rate(text, text, date, text, text);
DROP FUNCTION fx_convert(numeric, text, text, date, text);
DROP FUNCTION fx_convert(numeric, text, text, date, text, text);
DROP FUNCTION fx_rate_detail(text, text, date, text);
DROP FUNCTION fx_rate_detail(text, text, date, text, text);
DROP FUNCTION fx_lookup(char(3), char(3), date, text[], boolean, text);
DROP FUNCTION fx_source_in_force(date, text[], boolean);
DROP FUNCTION fx_day_in_force(text, date);
DROP FUNCTION fx_days_in_force(text, date, date);
DROP FUNCTION fx_series(text, date, text);
DROP FUNCTION fx_code(text);
DROP FUNCTION fx_stored_sources();

-- For each source and calendar day with a publication in force: that
-- publication's day, and the home currency to compute other pairs through.
-- Triggers on `rates` and `fx_sources` keep it in step with them in the
-- writing statement's own transaction, whoever writes: fetch, clean, or a
-- row inserted by hand.
CREATE TABLE fx_days (
    source    text    NOT NULL,
    day       date    NOT NULL,
    rate_date date    NOT NULL,
    home      char(3) NOT NULL,
    PRIMARY KEY (source, day)
);
-- Which sources have a publication in force on a day, for a call that names
-- none: a handful of rows, one per source.
CREATE INDEX fx_days_day_idx ON fx_days (day);

COMMENT ON TABLE fx_days IS 'Per source and calendar day, the publication day in force (rate_date) and the currency other pairs are computed through (home); kept by fxrates';

-- A currency code argument that is not three letters: an error (22023),
-- never a silent NULL. Only ever called to raise.
CREATE FUNCTION fx_invalid_code(code text) RETURNS char(3)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'invalid currency code %', quote_literal(code)
        USING ERRCODE = '22023', HINT = 'Expected three letters, e.g. USD.';
END
$$;

-- A currency code argument: three letters in any case; NULL stays NULL.
-- Inlined where it is called.
CREATE FUNCTION fx_code(code text) RETURNS char(3)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN code ~ '^[A-Za-z]{3}$' THEN upper(code)::char(3) ELSE fx_invalid_code(code) END;

-- Every source with stored rates and its newest day, by a loose scan of the
-- primary key from its end: one index probe a source, however many rows.
CREATE FUNCTION fx_stored_sources() RETURNS TABLE (source text, newest date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
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
    SELECT n.source, n.day FROM newest n;
END;

-- The currency each publication day of `src` from `from_day` to `to_day`
-- is read around, for a source without a home in fx_sources (a central
-- bank's own currency, which is its home on every day): the currency in
-- the most of the day's rows, as base or quote (then the base of more
-- rows, then the first by name). That is the base a Frankfurter or OXR run
-- asked for, or the currency a source fxrates does not know prices in.
CREATE FUNCTION fx_day_homes(src text, from_day date, to_day date)
    RETURNS TABLE (rate_date date, home char(3))
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (c.rate_date) c.rate_date, c.code
      FROM (SELECT r.rate_date, v.code, count(*) AS n, sum(v.is_base) AS bases
              FROM rates r
             CROSS JOIN LATERAL (VALUES (r.base, 1), (r.quote, 0)) AS v (code, is_base)
             WHERE r.source = src AND r.rate_date BETWEEN from_day AND to_day
               AND NOT EXISTS (SELECT 1 FROM fx_sources s WHERE s.source = src)
             GROUP BY r.rate_date, v.code) AS c
     ORDER BY c.rate_date, c.n DESC, c.bases DESC, c.code;
END;

-- For each calendar day from `from_day` to `to_day` with a publication of
-- `src` in force, that publication's day: its newest stored day on or
-- before the calendar day, looking back at most fx_lookback() days. The
-- rule, written once: the triggers build fx_days from it. Each stored
-- publication day gives at most the look-back's days, so the work is
-- bounded by what is stored, whatever the arguments (infinity included).
CREATE FUNCTION fx_days_in_force(src text, from_day date, to_day date)
    RETURNS TABLE (day date, rate_date date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT g.day::date, p.rate_date
      FROM (SELECT x.rate_date, lead(x.rate_date) OVER (ORDER BY x.rate_date) AS next
              FROM (SELECT DISTINCT r.rate_date FROM rates r
                     WHERE r.source = src AND r.rate_date <= to_day
                       AND r.rate_date >= coalesce((SELECT max(f.rate_date) FROM rates f
                                                     WHERE f.source = src AND f.rate_date <= from_day),
                                                   from_day)) AS x) AS p
     CROSS JOIN LATERAL generate_series(greatest(p.rate_date, from_day),
                                        least(p.next - 1, p.rate_date + fx_lookback(), to_day),
                                        interval '1 day') AS g (day);
END;

-- Recomputes `src`'s map for the calendar days whose publication in force
-- a change to its days from `first` to `last` may have moved: from `first`
-- to the day before its next stored day after `last`, or to the look-back
-- after `last`, whichever comes first (days before `first`, and from that
-- next day on, read other publications). The home of a source with one in
-- fx_sources is that currency; of any other, fx_day_homes's. PL/pgSQL, so
-- that a run plans only the statements it runs: the daily fetch of a
-- central bank never plans the grouping fx_day_homes does.
CREATE FUNCTION fx_days_refresh(src text, first date, last date) RETURNS void
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    until date := least((SELECT min(r.rate_date) FROM rates r WHERE r.source = src AND r.rate_date > last) - 1,
                        last + fx_lookback());
    fixed char(3) := (SELECT s.home FROM fx_sources s WHERE s.source = src);
BEGIN
    DELETE FROM fx_days m WHERE m.source = src AND m.day BETWEEN first AND until;
    IF fixed IS NOT NULL THEN
        INSERT INTO fx_days (source, day, rate_date, home)
        SELECT src, d.day, d.rate_date, fixed FROM fx_days_in_force(src, first, until) AS d;
    ELSE
        INSERT INTO fx_days (source, day, rate_date, home)
        SELECT src, d.day, d.rate_date, h.home
          FROM fx_days_in_force(src, first, until) AS d
          JOIN fx_day_homes(src, first - fx_lookback(), until) AS h ON h.rate_date = d.rate_date;
    END IF;
END
$$;

-- After each statement that writes `rates`: the map refreshed for the days
-- of each source it touched (a TRUNCATE empties it). Runs as the schema's
-- owner, so that a role allowed to write `rates` need not be allowed to
-- write the map.
CREATE FUNCTION fx_rates_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM fx_days;
        RETURN NULL;
    END IF;
    -- An update refreshes the days its rows left and the days they reached.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM fx_days_refresh(n.source, min(n.rate_date), max(n.rate_date))
           FROM new_rows n GROUP BY n.source;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM fx_days_refresh(o.source, min(o.rate_date), max(o.rate_date))
           FROM old_rows o GROUP BY o.source;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER fx_days_after_insert AFTER INSERT ON rates
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fx_rates_changed();
CREATE TRIGGER fx_days_after_update AFTER UPDATE ON rates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fx_rates_changed();
CREATE TRIGGER fx_days_after_delete AFTER DELETE ON rates
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fx_rates_changed();
CREATE TRIGGER fx_days_after_truncate AFTER TRUNCATE ON rates
    FOR EACH STATEMENT EXECUTE FUNCTION fx_rates_changed();

-- After a change to a source's home currency in fx_sources: its map
-- worked out again.
CREATE FUNCTION fx_sources_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM fx_days_refresh(c.source, c.first, c.last)
       FROM (SELECT r.source, min(r.rate_date) AS first, max(r.rate_date) AS last
               FROM rates r
              WHERE r.source IN (SELECT n.source FROM changed_sources n)
              GROUP BY r.source) AS c;
    RETURN NULL;
END
$$;

CREATE TRIGGER fx_days_after_sources_insert AFTER INSERT ON fx_sources
    REFERENCING NEW TABLE AS changed_sources
    FOR EACH STATEMENT EXECUTE FUNCTION fx_sources_changed();
CREATE TRIGGER fx_days_after_sources_update AFTER UPDATE ON fx_sources
    REFERENCING NEW TABLE AS changed_sources
    FOR EACH STATEMENT EXECUTE FUNCTION fx_sources_changed();
CREATE TRIGGER fx_days_after_sources_delete AFTER DELETE ON fx_sources
    REFERENCING OLD TABLE AS changed_sources
    FOR EACH STATEMENT EXECUTE FUNCTION fx_sources_changed();

-- The map for the rates already stored.
SELECT fx_days_refresh(s.source, s.first, s.last)
  FROM (SELECT r.source, min(r.rate_date) AS first, max(r.rate_date) AS last
          FROM rates r GROUP BY r.source) AS s;

-- The sources a read tries first, with their positions: `sources`, in
-- order, or fx_source_order when it is NULL. Every rule that picks a
-- source ranks by it, then, with `others`, takes any other source. Inlined
-- where it is called.
CREATE FUNCTION fx_source_positions(sources text[])
    RETURNS TABLE (source text, ordinal bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.source, s.position FROM unnest(sources) WITH ORDINALITY AS s (source, position)
    UNION ALL
    SELECT o.source, o.position FROM fx_source_order o WHERE sources IS NULL;
END;

-- Which source answers on `on_day`, with which publication day and home
-- currency: the first of `sources` (NULL: of fx_source_order) with a
-- publication in force, or, with `others`, any other source with one (the
-- newest publication first, then by name). No row for a NULL or infinite
-- day: the map holds neither.
CREATE FUNCTION fx_in_force(on_day date, sources text[], others boolean)
    RETURNS TABLE (source text, rate_date date, home char(3))
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT m.source, m.rate_date, m.home
      FROM fx_days m
      LEFT JOIN fx_source_positions(sources) AS p ON p.source = m.source
     WHERE m.day = on_day AND (p.ordinal IS NOT NULL OR others)
     ORDER BY p.ordinal NULLS LAST, m.rate_date DESC, m.source
     LIMIT 1;
END;

-- The newest stored publication: of the first of `sources` (NULL: of
-- fx_source_order) with rates, or, with `others`, of any other source (the
-- newest first, then by name). What `show` and `convert` read without
-- --date; fx_rate never guesses a day.
CREATE FUNCTION fx_newest_in_force(sources text[], others boolean)
    RETURNS TABLE (source text, rate_date date, home char(3))
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT m.source, m.rate_date, m.home
      FROM fx_stored_sources() AS st
      JOIN fx_days m ON m.source = st.source AND m.day = st.newest
      LEFT JOIN fx_source_positions(sources) AS p ON p.source = st.source
     WHERE p.ordinal IS NOT NULL OR others
     ORDER BY p.ordinal NULLS LAST, st.newest DESC, st.source
     LIMIT 1;
END;

-- The source a history from `from_day` to `to_day` reads, and its newest
-- day in that range: the first of `sources` (NULL: of fx_source_order)
-- with rates in it, or, with `others`, any other source with some (the
-- newest first, then by name).
CREATE FUNCTION fx_history_source(from_day date, to_day date, sources text[], others boolean)
    RETURNS TABLE (source text, newest date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT st.source, n.newest
      FROM fx_stored_sources() AS st
     CROSS JOIN LATERAL (SELECT max(r.rate_date) AS newest FROM rates r
                          WHERE r.source = st.source AND r.rate_date BETWEEN from_day AND to_day) AS n
      LEFT JOIN fx_source_positions(sources) AS p ON p.source = st.source
     WHERE n.newest IS NOT NULL AND (p.ordinal IS NOT NULL OR others)
     ORDER BY p.ordinal NULLS LAST, n.newest DESC, st.source
     LIMIT 1;
END;

-- `answer`, once the day `d` of `src` is known to hold rates of series
-- `ser` (or none at all); otherwise an error (22023) naming the series it
-- holds: a source without a mid needs one named. PL/pgSQL, to raise, and
-- neither STRICT nor IMMUTABLE, so that no planner folds the check away
-- when it knows `answer` already; called only when a read found no rate
-- of the series for its currencies. Its search_path is pinned to the
-- schema it is installed in, below.
CREATE FUNCTION fx_series_checked(src text, d date, ser text, answer numeric) RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    held text;
BEGIN
    IF EXISTS (SELECT 1 FROM rates r WHERE r.source = src AND r.rate_date = d AND r.series = ser) THEN
        RETURN answer;
    END IF;
    held := (SELECT string_agg(DISTINCT r.series, ', ') FROM rates r
              WHERE r.source = src AND r.rate_date = d);
    IF held IS NULL THEN
        RETURN answer;
    END IF;
    RAISE EXCEPTION '% published no % rate for %: name a series (%)', src, ser, d, held
        USING ERRCODE = '22023';
END
$$;

-- PL/pgSQL resolves names when it runs: pin each such function's
-- search_path to the schema it is installed in (then the catalog), so that
-- a caller's search_path can neither break nor hijack it.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION fx_series_checked(text, date, text, numeric) SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION fx_rates_changed() SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION fx_days_refresh(text, date, date) SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION fx_sources_changed() SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
END
$$;

-- The series a read of `src` on its publication day `d` uses: `wanted`,
-- or the mid when NULL; an error naming the series the day holds when it
-- holds none of that one.
CREATE FUNCTION fx_series(src text, d date, wanted text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN src IS NOT NULL AND d IS NOT NULL
                 AND fx_series_checked(src, d, coalesce(wanted, 'mid'), 1) IS NOT NULL
                THEN coalesce(wanted, 'mid') END;

-- The rule of a read, in two steps, each one statement of primary-key
-- probes. PostgreSQL runs the statement of a SQL function anew on every
-- call (its plan is kept for the calling query), and what it costs is
-- mostly the number of scans it sets up; so the common answer, a pair the
-- publisher printed either way, is one small statement, and only a pair it
-- did not print pays for the larger one. The public functions below are
-- inlined into the caller's query, so that these two are planned once for
-- all the calls of a query; they call no other SQL function of their own.
--
-- Step 1, on `src`'s publication day `d`: 1 `b` = ? `q` of series `ser`
-- as printed, exactly, per one unit; else the reverse of a printed pair,
-- computed in numeric (at least 16 significant digits, no padding zeros).
-- Inlined where it is called.
CREATE FUNCTION fx_either_way(src text, d date, b char(3), q char(3), ser text)
    RETURNS TABLE (rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT fx_per_unit(r.rate, r.unit) FROM rates r
          WHERE r.source = src AND r.rate_date = d AND r.base = b AND r.quote = q AND r.series = ser),
        (SELECT trim_scale(r.unit / r.rate) FROM rates r
          WHERE r.source = src AND r.rate_date = d AND r.base = q AND r.quote = b AND r.series = ser));
END;

-- One unit of `c` in `home` on `src`'s publication day `d`, as the exact
-- fraction {numerator, denominator} of printed figures of series `ser`;
-- NULL when the day lacks `c`. Inlined where it is called.
CREATE FUNCTION fx_in_home(src text, d date, ser text, home char(3), c char(3))
    RETURNS TABLE (fraction numeric[])
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.fraction
      FROM (SELECT coalesce(
                CASE WHEN c = home THEN ARRAY[1, 1]::numeric[] END,
                (SELECT ARRAY[r.rate, r.unit] FROM rates r
                  WHERE r.source = src AND r.rate_date = d AND r.base = c AND r.quote = home
                    AND r.series = ser),
                (SELECT ARRAY[r.unit, r.rate] FROM rates r
                  WHERE r.source = src AND r.rate_date = d AND r.base = home AND r.quote = c
                    AND r.series = ser)) AS fraction
            OFFSET 0) AS x;
END;

-- Step 2, for a pair step 1 did not find: a currency the day holds against
-- itself (1), or the pair through `home`, computed in numeric with one
-- division. When the day lacks a currency, the series is checked
-- (fx_series_checked raises for a day without rates of it) and the answer
-- is NULL (or 1 for the home currency against itself). Inlined where it is
-- called.
CREATE FUNCTION fx_through_home(src text, d date, home char(3), b char(3), q char(3), ser text)
    RETURNS TABLE (rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        CASE WHEN b <> q
             THEN trim_scale((bh.fraction[1] * qh.fraction[2]) / (bh.fraction[2] * qh.fraction[1]))
             WHEN b <> home AND bh.fraction IS NOT NULL
             THEN 1::numeric
        END,
        fx_series_checked(src, d, ser, CASE WHEN b = q AND b = home THEN 1::numeric END))
      FROM fx_in_home(src, d, ser, home, b) AS bh,
           fx_in_home(src, d, ser, home, q) AS qh;
END;

-- Step 1 and step 2 for source `src` on the calendar day `on_day`, on the
-- publication in force (fx_days); NULL when none is, at once for a NULL
-- argument.
CREATE FUNCTION fx_rate_printed(src text, b char(3), q char(3), on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT w.rate
      FROM fx_days m
     CROSS JOIN LATERAL fx_either_way(m.source, m.rate_date, b, q, ser) AS w
     WHERE m.source = src AND m.day = on_day;
END;

CREATE FUNCTION fx_rate_computed(src text, b char(3), q char(3), on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.rate
      FROM fx_days m
     CROSS JOIN LATERAL fx_through_home(m.source, m.rate_date, m.home, b, q, ser) AS h
     WHERE m.source = src AND m.day = on_day;
END;

-- The same two steps from the source fx_in_force picks: the first of
-- `sources` (NULL: of fx_source_order) with a publication in force on
-- `on_day`, or, with `others`, any other source with one.
CREATE FUNCTION fx_rate_printed_among(sources text[], others boolean, b char(3), q char(3),
                                      on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT w.rate
      FROM fx_in_force(on_day, sources, others) AS f
     CROSS JOIN LATERAL fx_either_way(f.source, f.rate_date, b, q, ser) AS w;
END;

CREATE FUNCTION fx_rate_computed_among(sources text[], others boolean, b char(3), q char(3),
                                       on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.rate
      FROM fx_in_force(on_day, sources, others) AS f
     CROSS JOIN LATERAL fx_through_home(f.source, f.rate_date, f.home, b, q, ser) AS h;
END;

-- The rule of every public function: codes checked (three letters, any
-- case), the series named or the mid, the source named or the order; step
-- 2 only when step 1 found nothing. Inlined where it is called.
CREATE FUNCTION fx_read(base text, quote text, day date, source text, series text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE
        WHEN source IS NULL
        THEN coalesce(
            fx_rate_printed_among(NULL, true, fx_code(base), fx_code(quote), day, coalesce(series, 'mid')),
            fx_rate_computed_among(NULL, true, fx_code(base), fx_code(quote), day, coalesce(series, 'mid')))
        ELSE coalesce(
            fx_rate_printed(source, fx_code(base), fx_code(quote), day, coalesce(series, 'mid')),
            fx_rate_computed(source, fx_code(base), fx_code(quote), day, coalesce(series, 'mid')))
    END;

-- The rule for `show`, `convert` and fx_rate_detail: 1 `b` = ? `q` of
-- series `wanted` (NULL: the mid) on `on_day`, from the first of `sources`
-- (NULL: of fx_source_order) with a publication in force, or, with
-- `others`, any other source. No row when nothing is in force or the day
-- lacks a currency. `computed` is false for a pair as printed (or a
-- currency against itself), and `unit` and `printed` give it as printed.
-- Inlined where it is called.
CREATE FUNCTION fx_lookup(b char(3), q char(3), on_day date, sources text[], others boolean,
                          wanted text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean,
                   unit integer, printed numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.rate, f.rate_date, f.source, p.rate IS NULL AND b <> q, coalesce(p.unit, 1),
           CASE WHEN p.rate IS NOT NULL THEN p.rate WHEN b = q THEN 1::numeric END
      FROM fx_in_force(on_day, sources, others) AS f
     CROSS JOIN LATERAL (
           SELECT coalesce(
                      fx_rate_printed(f.source, b, q, f.rate_date, coalesce(wanted, 'mid')),
                      fx_rate_computed(f.source, b, q, f.rate_date, coalesce(wanted, 'mid'))) AS rate
           OFFSET 0) AS x
      LEFT JOIN rates p
        ON p.source = f.source AND p.rate_date = f.rate_date AND p.base = b AND p.quote = q
       AND p.series = coalesce(wanted, 'mid')
     WHERE x.rate IS NOT NULL;
END;

-- Which rate answers, for audit trails: the rate (units of quote per one
-- unit of base), the publication day used, the source, whether it was
-- computed rather than printed, and the series. No row when none is in
-- force. `source` NULL reads fx_source_order, then any other source;
-- `series` NULL reads the mid.
CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text, series text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean, series text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT l.rate, l.rate_date, l.source, l.computed, coalesce(fx_rate_detail.series, 'mid')
      FROM fx_lookup(fx_code(fx_rate_detail.base), fx_code(fx_rate_detail.quote), fx_rate_detail.day,
                     CASE WHEN fx_rate_detail.source IS NOT NULL THEN ARRAY[fx_rate_detail.source] END,
                     fx_rate_detail.source IS NULL, fx_rate_detail.series) AS l;
END;

CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT d.rate, d.rate_date, d.source, d.computed
      FROM fx_rate_detail(fx_rate_detail.base, fx_rate_detail.quote, fx_rate_detail.day,
                          fx_rate_detail.source, NULL::text) AS d;
END;

-- Units of `quote` per one unit of `base` of `series` in force on `day`;
-- NULL when none is.
CREATE FUNCTION fx_rate(base text, quote text, day date, source text, series text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN fx_read(base, quote, day, source, series);

CREATE FUNCTION fx_rate(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN fx_read(base, quote, day, source, NULL::text);

-- `amount` in `base` expressed in `quote`, unrounded; NULL when no rate is in force.
CREATE FUNCTION fx_convert(amount numeric, base text, quote text, day date, source text,
                           series text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN amount * fx_read(base, quote, day, source, series);

CREATE FUNCTION fx_convert(amount numeric, base text, quote text, day date,
                           source text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN amount * fx_read(base, quote, day, source, NULL::text);

-- Per source, series and calendar day, every printed pair in both
-- directions, by the rule of fx_rate: the map joined to the printed rows.
-- A pair printed both ways on one day (two runs of a source that prices in
-- any base, with bases the other's quotes) is there once a direction, as
-- printed. A ledger joins it on (source, day, base, quote) as it would a
-- table.
CREATE VIEW fx_daily AS
    SELECT m.source, m.day, r.base, r.quote, fx_per_unit(r.rate, r.unit) AS rate, r.rate_date, r.series
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date = m.rate_date
    UNION ALL
    SELECT m.source, m.day, r.quote, r.base, trim_scale(r.unit / r.rate), r.rate_date, r.series
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date = m.rate_date
     WHERE NOT EXISTS (SELECT 1 FROM rates p
                        WHERE p.source = r.source AND p.rate_date = r.rate_date
                          AND p.base = r.quote AND p.quote = r.base AND p.series = r.series);

COMMENT ON VIEW fx_daily IS 'Per source, series and calendar day, every published pair both ways: 1 base = rate quote, in force that day (published on rate_date)';
