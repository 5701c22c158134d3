-- Validity periods and corrections. A public contract like the tables; see
-- docs/sql.md and docs/schema.md.
--
-- * A row may state the last day it is in force (`valid_until`): HMRC's
--   month, InforEuro's, the US Treasury's quarter. Such a figure is in force
--   on every day from its rate_date to valid_until and on no day after; a
--   newer figure of the same pair and series replaces it from its own day
--   on (an amendment, a mid-month rate). A row without one keeps the rule
--   of migration 6: its day's publication is in force until the next one,
--   looking back at most fx_lookback() days.
-- * fx_days gains `since`: the oldest publication day whose figures may
--   still be in force on the day beside the newest (`rate_date`), for a
--   source stating periods or printing only the figures that changed,
--   whose figures of several publication days may be in force at once;
--   NULL when the day's own publication is the only one. Every read takes
--   a pair's newest figure from `since` to `rate_date`.
-- * A stored figure that changes (rate, unit or period) is kept in
--   `rate_revisions`, whoever changes it, with the fetch_runs row of the
--   fxrates run that saw the change.
-- * Every existing row keeps its meaning: no row states a period yet, so
--   `since` is NULL on every day (but for Frankfurter v2's, once init-db
--   records its days as sparse).

-- A period ends on or after its first day, within a year of it: no
-- publisher states a longer one, and the map keeps a row for every day of
-- it (fxrates's model refuses the same).
ALTER TABLE rates
    ADD COLUMN valid_until date,
    ADD CONSTRAINT rates_period CHECK (valid_until BETWEEN rate_date AND rate_date + 366);

COMMENT ON COLUMN rates.valid_until IS 'The last day the figure is in force, when the publisher states a period (HMRC''s month, the US Treasury''s quarter); NULL: until the next publication, looking back at most fx_lookback() days';

-- How many figures a fetch found changed, each kept in rate_revisions.
COMMENT ON COLUMN fetch_runs.updated IS 'fetch: stored figures the publisher changed (each kept in rate_revisions); clean: 0';

-- Every figure a later fetch (or any writer) changed: the old figure, the
-- new one, when the change was seen and by which run. A public contract.
CREATE TABLE rate_revisions (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source          text        NOT NULL,
    rate_date       date        NOT NULL,
    base            char(3)     NOT NULL,
    quote           char(3)     NOT NULL,
    series          text        NOT NULL,
    old_unit        integer     NOT NULL,
    old_rate        numeric     NOT NULL,
    old_valid_until date,
    old_fetched_at  timestamptz NOT NULL,
    unit            integer     NOT NULL,
    rate            numeric     NOT NULL,
    valid_until     date,
    seen_at         timestamptz NOT NULL DEFAULT now(),
    run_id          bigint
);
CREATE INDEX rate_revisions_figure_idx ON rate_revisions (source, rate_date, base, quote, series, seen_at);
CREATE INDEX rate_revisions_seen_at_idx ON rate_revisions (seen_at);

COMMENT ON TABLE rate_revisions IS 'Each change to a stored figure: the figure before (old_*) and after, when it was seen, and the fetch_runs row of the run that saw it';
COMMENT ON COLUMN rate_revisions.old_fetched_at IS 'When the old figure was stored';
COMMENT ON COLUMN rate_revisions.seen_at IS 'When the new figure replaced it';
COMMENT ON COLUMN rate_revisions.run_id IS 'fetch_runs.id of the fxrates run that stored the new figure; NULL for a change made outside fxrates';

-- After each statement that updates `rates`: every changed figure kept.
-- Runs as the schema's owner, so that a role allowed to write `rates` need
-- not be allowed to write the revisions. A run of fxrates names itself in
-- the transaction setting fxrates.run.
CREATE FUNCTION fx_rates_revised() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO rate_revisions (source, rate_date, base, quote, series, old_unit, old_rate,
                                old_valid_until, old_fetched_at, unit, rate, valid_until, run_id)
    SELECT o.source, o.rate_date, o.base, o.quote, o.series, o.unit, o.rate, o.valid_until,
           o.fetched_at, n.unit, n.rate, n.valid_until,
           nullif(current_setting('fxrates.run', true), '')::bigint
      FROM old_rows o
      JOIN new_rows n USING (source, rate_date, base, quote, series)
     WHERE o.rate IS DISTINCT FROM n.rate OR o.unit <> n.unit
        OR o.valid_until IS DISTINCT FROM n.valid_until;
    RETURN NULL;
END
$$;

CREATE TRIGGER fx_rates_after_update_revised AFTER UPDATE ON rates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION fx_rates_revised();

-- The sources whose days hold only the figures that changed on them
-- (Frankfurter v2's blend): each figure stays in force until its pair's
-- next one, looking back at most fx_lookback() days, rather than the whole
-- publication until the next. init-db keeps it from the provider registry.
CREATE TABLE fx_sparse_sources (
    source text PRIMARY KEY
);

COMMENT ON TABLE fx_sparse_sources IS 'Sources whose days hold only the figures that changed: each figure is in force until its pair''s next, within the look-back; kept by fxrates init-db';

-- NULL on a day whose own publication is the only one in force, as on
-- every day of a source stating no periods: then the planner knows from
-- the column's statistics that a read or a join takes one publication.
ALTER TABLE fx_days ADD COLUMN since date;

COMMENT ON TABLE fx_days IS 'Per source and calendar day, the newest publication day in force (rate_date), the oldest whose figures may still be in force beside it (since; NULL when there is none), and the currency other pairs are computed through (home); kept by fxrates';

-- For each calendar day from `from_day` to `to_day` with a publication of
-- `src` in force: the newest such publication's day and the oldest's. A
-- publication stating a period is in force through it; one of a sparse
-- source (fx_sparse_sources) for the look-back, beside the later ones; any
-- other until the next publication, looking back at most fx_lookback()
-- days. The rule, written once: the triggers build fx_days from it. The
-- publications read start at the newest one on or before `from_day`, or
-- earlier at the oldest one in force the day before (fx_days), so the work
-- is bounded by what is stored and by the periods stated (a year at most).
DROP FUNCTION fx_days_in_force(text, date, date);

CREATE FUNCTION fx_days_in_force(src text, from_day date, to_day date)
    RETURNS TABLE (day date, rate_date date, since date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT g.day::date, max(p.rate_date), nullif(min(p.rate_date), max(p.rate_date))
      FROM (SELECT x.rate_date, x.valid_until, lead(x.rate_date) OVER (ORDER BY x.rate_date) AS next
              FROM (SELECT r.rate_date, max(r.valid_until) AS valid_until FROM rates r
                     WHERE r.source = src AND r.rate_date <= to_day
                       AND r.rate_date >= least(
                               coalesce((SELECT max(f.rate_date) FROM rates f
                                          WHERE f.source = src AND f.rate_date <= from_day),
                                        from_day),
                               coalesce((SELECT coalesce(m.since, m.rate_date) FROM fx_days m
                                          WHERE m.source = src AND m.day = from_day - 1),
                                        from_day))
                     GROUP BY r.rate_date) AS x) AS p
     CROSS JOIN (SELECT EXISTS (SELECT 1 FROM fx_sparse_sources s WHERE s.source = src) AS sparse) AS k
     CROSS JOIN LATERAL generate_series(
               greatest(p.rate_date, from_day),
               least(coalesce(p.valid_until,
                              CASE WHEN k.sparse THEN p.rate_date + fx_lookback()
                                   ELSE least(p.next - 1, p.rate_date + fx_lookback()) END),
                     to_day),
               interval '1 day') AS g (day)
     GROUP BY g.day;
END;

-- Recomputes `src`'s map for the calendar days whose publications in force
-- a change to its days from `first` to `last` may have moved: from `first`
-- to the day before its next stored day after `last` or the look-back
-- after `last`, whichever comes first (the look-back after `last` for a
-- sparse source), and at least to `reach`, the last day of any period the
-- changed rows state or stated. PL/pgSQL, so that a run plans only the
-- statements it runs.
CREATE FUNCTION fx_days_refresh(src text, first date, last date, reach date) RETURNS void
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    until date := greatest(
        CASE WHEN EXISTS (SELECT 1 FROM fx_sparse_sources s WHERE s.source = src)
             THEN last + fx_lookback()
             ELSE least((SELECT min(r.rate_date) FROM rates r
                          WHERE r.source = src AND r.rate_date > last) - 1,
                        last + fx_lookback())
        END,
        reach);
    fixed char(3) := (SELECT s.home FROM fx_sources s WHERE s.source = src);
BEGIN
    DELETE FROM fx_days m WHERE m.source = src AND m.day BETWEEN first AND until;
    IF fixed IS NOT NULL THEN
        INSERT INTO fx_days (source, day, rate_date, home, since)
        SELECT src, d.day, d.rate_date, fixed, d.since
          FROM fx_days_in_force(src, first, until) AS d;
    ELSE
        INSERT INTO fx_days (source, day, rate_date, home, since)
        SELECT src, d.day, d.rate_date, h.home, d.since
          FROM fx_days_in_force(src, first, until) AS d
          JOIN fx_day_homes(src, first - fx_lookback(), until) AS h ON h.rate_date = d.rate_date;
    END IF;
END
$$;

DROP FUNCTION fx_days_refresh(text, date, date);

CREATE OR REPLACE FUNCTION fx_rates_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM fx_days;
        RETURN NULL;
    END IF;
    -- An update refreshes the days its rows left and the days they reached.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM fx_days_refresh(n.source, min(n.rate_date), max(n.rate_date), max(n.valid_until))
           FROM new_rows n GROUP BY n.source;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM fx_days_refresh(o.source, min(o.rate_date), max(o.rate_date), max(o.valid_until))
           FROM old_rows o GROUP BY o.source;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION fx_sources_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM fx_days_refresh(c.source, c.first, c.last, c.reach)
       FROM (SELECT r.source, min(r.rate_date) AS first, max(r.rate_date) AS last,
                    max(r.valid_until) AS reach
               FROM rates r
              WHERE r.source IN (SELECT n.source FROM changed_sources n)
              GROUP BY r.source) AS c;
    RETURN NULL;
END
$$;

CREATE TRIGGER fx_days_after_sparse_insert AFTER INSERT ON fx_sparse_sources
    REFERENCING NEW TABLE AS changed_sources
    FOR EACH STATEMENT EXECUTE FUNCTION fx_sources_changed();
CREATE TRIGGER fx_days_after_sparse_delete AFTER DELETE ON fx_sparse_sources
    REFERENCING OLD TABLE AS changed_sources
    FOR EACH STATEMENT EXECUTE FUNCTION fx_sources_changed();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION fx_days_refresh(text, date, date, date) SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION fx_rates_revised() SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
END
$$;

-- Which source answers on `on_day`, with its publications in force: the
-- first of `sources` (NULL: of fx_source_order) with a publication in
-- force, or, with `others`, any other source with one (the newest
-- publication first, then by name). No row for a NULL or infinite day: the
-- map holds neither. fx_in_force gives the same without `since`.
CREATE FUNCTION fx_in_force_on(on_day date, sources text[], others boolean)
    RETURNS TABLE (source text, since date, rate_date date, home char(3))
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT m.source, m.since, m.rate_date, m.home
      FROM fx_days m
      LEFT JOIN fx_source_positions(sources) AS p ON p.source = m.source
     WHERE m.day = on_day AND (p.ordinal IS NOT NULL OR others)
     ORDER BY p.ordinal NULLS LAST, m.rate_date DESC, m.source
     LIMIT 1;
END;

CREATE OR REPLACE FUNCTION fx_in_force(on_day date, sources text[], others boolean)
    RETURNS TABLE (source text, rate_date date, home char(3))
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT f.source, f.rate_date, f.home FROM fx_in_force_on(on_day, sources, others) AS f;
END;

-- The figure of `b` in `q` of series `ser` in force on `on_day` among
-- `src`'s publications from `since` to `d` (`d` alone when `since` is
-- NULL): the newest printed one, whose period, if it states one, reaches
-- the day. One probe of the primary key. Inlined where it is called.
CREATE FUNCTION fx_printed(src text, since date, d date, on_day date, b char(3), q char(3), ser text)
    RETURNS TABLE (rate numeric, unit integer, rate_date date, valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.rate, r.unit, r.rate_date, r.valid_until FROM rates r
     WHERE r.source = src AND r.rate_date BETWEEN coalesce(since, d) AND d
       AND r.base = b AND r.quote = q AND r.series = ser
       AND (r.valid_until IS NULL OR r.valid_until >= on_day)
     ORDER BY r.rate_date DESC
     LIMIT 1;
END;

-- Step 1: 1 `b` = ? `q` as printed, per one unit, else the reverse of the
-- printed pair, in numeric. Inlined where it is called.
CREATE FUNCTION fx_either_way_on(src text, since date, d date, on_day date, b char(3), q char(3),
                                 ser text)
    RETURNS TABLE (rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT fx_per_unit(p.rate, p.unit) FROM fx_printed(src, since, d, on_day, b, q, ser) AS p),
        (SELECT trim_scale(p.unit / p.rate) FROM fx_printed(src, since, d, on_day, q, b, ser) AS p));
END;

-- One unit of `c` in `home` in force on `on_day`, as the exact fraction
-- {numerator, denominator} of printed figures of series `ser`; NULL when
-- none is in force. Inlined where it is called.
CREATE FUNCTION fx_leg(src text, since date, d date, on_day date, ser text, home char(3), c char(3))
    RETURNS TABLE (fraction numeric[])
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.fraction
      FROM (SELECT coalesce(
                CASE WHEN c = home THEN ARRAY[1, 1]::numeric[] END,
                (SELECT ARRAY[p.rate, p.unit] FROM fx_printed(src, since, d, on_day, c, home, ser) AS p),
                (SELECT ARRAY[p.unit, p.rate] FROM fx_printed(src, since, d, on_day, home, c, ser) AS p))
                   AS fraction
            OFFSET 0) AS x;
END;

-- The publication day and the end of the period of the figure fx_leg
-- reads for `c`: NULL for the home currency. For fx_lookup, which names
-- them; fx_rate needs only the fraction.
CREATE FUNCTION fx_leg_printed(src text, since date, d date, on_day date, ser text, home char(3),
                               c char(3))
    RETURNS TABLE (rate_date date, valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(o.rate_date, h.rate_date),
           CASE WHEN o.rate_date IS NOT NULL THEN o.valid_until ELSE h.valid_until END
      FROM (SELECT) AS one
      LEFT JOIN LATERAL (SELECT * FROM fx_printed(src, since, d, on_day, c, home, ser) AS x
                          WHERE c <> home) AS o ON true
      LEFT JOIN LATERAL (SELECT * FROM fx_printed(src, since, d, on_day, home, c, ser) AS y
                          WHERE c <> home AND o.rate IS NULL) AS h ON true;
END;

-- Step 2, for a pair step 1 did not find: a currency in force against
-- itself (1), or the pair through `home`, computed in numeric with one
-- division. When a currency is missing, the series is checked (fx_series_checked raises for a day
-- without rates of it) and the answer is NULL (or 1 for the home currency
-- against itself). Inlined where it is called.
CREATE FUNCTION fx_through_home_on(src text, since date, d date, on_day date, home char(3),
                                   b char(3), q char(3), ser text)
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
      FROM fx_leg(src, since, d, on_day, ser, home, b) AS bh,
           fx_leg(src, since, d, on_day, ser, home, q) AS qh;
END;

-- The two steps of a read, on the publications in force on `on_day`
-- (fx_days): the public functions, inlined into the caller's query, plan
-- each once for all the calls of a query.
CREATE OR REPLACE FUNCTION fx_rate_printed(src text, b char(3), q char(3), on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT w.rate
      FROM fx_days m
     CROSS JOIN LATERAL fx_either_way_on(m.source, m.since, m.rate_date, m.day, b, q, ser) AS w
     WHERE m.source = src AND m.day = on_day;
END;

CREATE OR REPLACE FUNCTION fx_rate_computed(src text, b char(3), q char(3), on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.rate
      FROM fx_days m
     CROSS JOIN LATERAL fx_through_home_on(m.source, m.since, m.rate_date, m.day, m.home, b, q, ser) AS h
     WHERE m.source = src AND m.day = on_day;
END;

CREATE OR REPLACE FUNCTION fx_rate_printed_among(sources text[], others boolean, b char(3), q char(3),
                                                 on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT w.rate
      FROM fx_in_force_on(on_day, sources, others) AS f
     CROSS JOIN LATERAL fx_either_way_on(f.source, f.since, f.rate_date, on_day, b, q, ser) AS w;
END;

CREATE OR REPLACE FUNCTION fx_rate_computed_among(sources text[], others boolean, b char(3), q char(3),
                                                  on_day date, ser text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.rate
      FROM fx_in_force_on(on_day, sources, others) AS f
     CROSS JOIN LATERAL fx_through_home_on(f.source, f.since, f.rate_date, on_day, f.home, b, q, ser) AS h;
END;

-- The rule for `show`, `convert` and fx_rate_detail, now with the
-- publication day and period of the figure read: for a computed pair, the
-- newer of its legs' days and the earlier end of their periods.
DROP FUNCTION fx_rate_detail(text, text, date, text);
DROP FUNCTION fx_rate_detail(text, text, date, text, text);
DROP FUNCTION fx_lookup(char(3), char(3), date, text[], boolean, text);
DROP FUNCTION fx_newest_in_force(text[], boolean);

CREATE FUNCTION fx_lookup(b char(3), q char(3), on_day date, sources text[], others boolean,
                          wanted text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean,
                   unit integer, printed numeric, valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(fx_per_unit(p.rate, p.unit), trim_scale(r.unit / r.rate), h.rate),
           coalesce(p.rate_date, r.rate_date, greatest(lb.rate_date, lq.rate_date), f.rate_date),
           f.source, p.rate IS NULL AND b <> q,
           coalesce(p.unit, 1),
           CASE WHEN p.rate IS NOT NULL THEN p.rate WHEN b = q THEN 1::numeric END,
           CASE WHEN p.rate IS NOT NULL THEN p.valid_until
                WHEN r.rate IS NOT NULL THEN r.valid_until
                ELSE least(lb.valid_until, lq.valid_until)
           END
      FROM fx_in_force_on(on_day, sources, others) AS f
      LEFT JOIN LATERAL fx_printed(f.source, f.since, f.rate_date, on_day, b, q,
                                   coalesce(wanted, 'mid')) AS p ON true
      LEFT JOIN LATERAL (SELECT * FROM fx_printed(f.source, f.since, f.rate_date, on_day, q, b,
                                                  coalesce(wanted, 'mid')) AS x
                          WHERE p.rate IS NULL) AS r ON true
      LEFT JOIN LATERAL (SELECT * FROM fx_through_home_on(f.source, f.since, f.rate_date, on_day, f.home,
                                                          b, q, coalesce(wanted, 'mid')) AS y
                          WHERE p.rate IS NULL AND r.rate IS NULL) AS h ON true
      LEFT JOIN LATERAL fx_leg_printed(f.source, f.since, f.rate_date, on_day, coalesce(wanted, 'mid'),
                                       f.home, b) AS lb ON h.rate IS NOT NULL
      LEFT JOIN LATERAL fx_leg_printed(f.source, f.since, f.rate_date, on_day, coalesce(wanted, 'mid'),
                                       f.home, q) AS lq ON h.rate IS NOT NULL
     WHERE coalesce(p.rate, r.rate, h.rate) IS NOT NULL;
END;

-- Which rate answers, for audit trails: the rate (units of quote per one
-- unit of base), the publication day of the figure, the source, whether it
-- was computed rather than printed, the series, and the last day of the
-- period the publisher states for it (NULL: none stated). No row when none
-- is in force.
CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text, series text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean, series text,
                   valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT l.rate, l.rate_date, l.source, l.computed, coalesce(fx_rate_detail.series, 'mid'),
           l.valid_until
      FROM fx_lookup(fx_code(fx_rate_detail.base), fx_code(fx_rate_detail.quote), fx_rate_detail.day,
                     CASE WHEN fx_rate_detail.source IS NOT NULL THEN ARRAY[fx_rate_detail.source] END,
                     fx_rate_detail.source IS NULL, fx_rate_detail.series) AS l;
END;

CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean, valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT d.rate, d.rate_date, d.source, d.computed, d.valid_until
      FROM fx_rate_detail(fx_rate_detail.base, fx_rate_detail.quote, fx_rate_detail.day,
                          fx_rate_detail.source, NULL::text) AS d;
END;

DROP FUNCTION fx_through_home(text, date, char(3), char(3), char(3), text);
DROP FUNCTION fx_in_home(text, date, text, char(3), char(3));
DROP FUNCTION fx_either_way(text, date, char(3), char(3), text);

-- Per source, series and calendar day, every pair in force in both
-- directions, by the rule of fx_rate. A day with one publication in force
-- (every day of a source stating no periods) joins the map to its printed
-- rows; a day with several takes each pair's newest figure among them.
CREATE OR REPLACE VIEW fx_daily AS
    SELECT m.source, m.day, r.base, r.quote, fx_per_unit(r.rate, r.unit) AS rate, r.rate_date, r.series,
           r.valid_until
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date = m.rate_date
     WHERE m.since IS NULL AND (r.valid_until IS NULL OR r.valid_until >= m.day)
    UNION ALL
    SELECT m.source, m.day, r.quote, r.base, trim_scale(r.unit / r.rate), r.rate_date, r.series,
           r.valid_until
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date = m.rate_date
     WHERE m.since IS NULL AND (r.valid_until IS NULL OR r.valid_until >= m.day)
       AND NOT EXISTS (SELECT 1 FROM rates p
                        WHERE p.source = r.source AND p.rate_date = r.rate_date
                          AND p.base = r.quote AND p.quote = r.base AND p.series = r.series)
    UNION ALL
    SELECT m.source, m.day, r.base, r.quote, fx_per_unit(r.rate, r.unit), r.rate_date, r.series,
           r.valid_until
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date BETWEEN m.since AND m.rate_date
     WHERE m.since IS NOT NULL AND (r.valid_until IS NULL OR r.valid_until >= m.day)
       AND NOT EXISTS (SELECT 1 FROM rates n
                        WHERE n.source = r.source AND n.rate_date > r.rate_date AND n.rate_date <= m.rate_date
                          AND n.base = r.base AND n.quote = r.quote AND n.series = r.series
                          AND (n.valid_until IS NULL OR n.valid_until >= m.day))
    UNION ALL
    SELECT m.source, m.day, r.quote, r.base, trim_scale(r.unit / r.rate), r.rate_date, r.series,
           r.valid_until
      FROM fx_days m
      JOIN rates r ON r.source = m.source AND r.rate_date BETWEEN m.since AND m.rate_date
     WHERE m.since IS NOT NULL AND (r.valid_until IS NULL OR r.valid_until >= m.day)
       AND NOT EXISTS (SELECT 1 FROM rates n
                        WHERE n.source = r.source AND n.rate_date > r.rate_date AND n.rate_date <= m.rate_date
                          AND n.base = r.base AND n.quote = r.quote AND n.series = r.series
                          AND (n.valid_until IS NULL OR n.valid_until >= m.day))
       AND NOT EXISTS (SELECT 1 FROM rates n
                        WHERE n.source = r.source AND n.rate_date BETWEEN m.since AND m.rate_date
                          AND n.base = r.quote AND n.quote = r.base AND n.series = r.series
                          AND (n.valid_until IS NULL OR n.valid_until >= m.day));

COMMENT ON VIEW fx_daily IS 'Per source, series and calendar day, every pair in force both ways: 1 base = rate quote, published on rate_date, in force through valid_until when the publisher states a period';

-- Every figure of series `ser` of `src` in force on `on_day`, as printed:
-- each pair's newest figure among the publications in force (fx_days), by
-- the rule of fx_printed. What `show` lists for a day.
CREATE FUNCTION fx_printed_on(src text, on_day date, ser text)
    RETURNS TABLE (base char(3), quote char(3), unit integer, rate numeric, rate_date date,
                   valid_until date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (r.base, r.quote) r.base, r.quote, r.unit, r.rate, r.rate_date, r.valid_until
      FROM fx_days m
      JOIN rates r ON r.source = m.source
                  AND r.rate_date BETWEEN coalesce(m.since, m.rate_date) AND m.rate_date
     WHERE m.source = src AND m.day = on_day AND r.series = ser
       AND (r.valid_until IS NULL OR r.valid_until >= on_day)
     ORDER BY r.base, r.quote, r.rate_date DESC;
END;

-- The figure of `b` in `q` of series `ser` among `src`'s publications from
-- `since` to `d` in force on `on_day`, as it stood at `known`: {rate,
-- unit} of the newest figure already stored then, as it was then (the old
-- figure of its first revision after `known`, if any). NULL when none was
-- stored yet.
CREATE FUNCTION fx_printed_as_known(src text, since date, d date, on_day date, b char(3), q char(3),
                                    ser text, known timestamptz)
    RETURNS numeric[]
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ARRAY[coalesce(v.old_rate, r.rate), coalesce(v.old_unit, r.unit)]
      FROM rates r
      LEFT JOIN LATERAL (SELECT w.old_rate, w.old_unit, w.old_valid_until FROM rate_revisions w
                          WHERE w.source = r.source AND w.rate_date = r.rate_date AND w.base = r.base
                            AND w.quote = r.quote AND w.series = r.series AND w.seen_at > known
                          ORDER BY w.seen_at, w.id
                          LIMIT 1) AS v ON true
     WHERE r.source = src AND r.rate_date BETWEEN coalesce(since, d) AND d
       AND r.base = b AND r.quote = q AND r.series = ser
       AND coalesce((SELECT w.old_fetched_at FROM rate_revisions w
                      WHERE w.source = r.source AND w.rate_date = r.rate_date AND w.base = r.base
                        AND w.quote = r.quote AND w.series = r.series
                      ORDER BY w.seen_at, w.id
                      LIMIT 1),
                    r.fetched_at) <= known
       AND (CASE WHEN v.old_rate IS NOT NULL THEN v.old_valid_until ELSE r.valid_until END IS NULL
            OR CASE WHEN v.old_rate IS NOT NULL THEN v.old_valid_until ELSE r.valid_until END >= on_day)
     ORDER BY r.rate_date DESC
     LIMIT 1;
END;

-- The rate fx_rate(base, quote, day, source, series) gave at `known_at`:
-- the same publications as fx_rate reads now, each figure as it was stored
-- then (rate_revisions keeps every figure a later fetch changed). NULL
-- when no figure it needs had been stored yet at `known_at`, or when none
-- is in force. What a bookkeeper shows an auditor: the rate booked, and
-- fx_rate beside it for the rate as corrected.
CREATE FUNCTION fx_rate_as_known(base text, quote text, day date, known_at timestamptz,
                                 source text DEFAULT NULL, series text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    b char(3) := fx_code(base);
    q char(3) := fx_code(quote);
    ser text := coalesce(series, 'mid');
    f record;
    figure numeric[];
    bh numeric[];
    qh numeric[];
BEGIN
    IF b IS NULL OR q IS NULL OR day IS NULL OR known_at IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO f FROM fx_in_force_on(day, CASE WHEN source IS NOT NULL THEN ARRAY[source] END,
                                        source IS NULL);
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    figure := fx_printed_as_known(f.source, f.since, f.rate_date, day, b, q, ser, known_at);
    IF figure IS NOT NULL THEN
        RETURN fx_per_unit(figure[1], figure[2]::integer);
    END IF;
    figure := fx_printed_as_known(f.source, f.since, f.rate_date, day, q, b, ser, known_at);
    IF figure IS NOT NULL THEN
        RETURN trim_scale(figure[2] / figure[1]);
    END IF;
    bh := CASE WHEN b = f.home THEN ARRAY[1, 1]::numeric[]
               ELSE coalesce(fx_printed_as_known(f.source, f.since, f.rate_date, day, b, f.home, ser, known_at),
                             (SELECT ARRAY[x[2], x[1]]
                                FROM fx_printed_as_known(f.source, f.since, f.rate_date, day, f.home, b, ser,
                                                         known_at) AS x))
          END;
    qh := CASE WHEN q = f.home THEN ARRAY[1, 1]::numeric[]
               ELSE coalesce(fx_printed_as_known(f.source, f.since, f.rate_date, day, q, f.home, ser, known_at),
                             (SELECT ARRAY[x[2], x[1]]
                                FROM fx_printed_as_known(f.source, f.since, f.rate_date, day, f.home, q, ser,
                                                         known_at) AS x))
          END;
    IF bh IS NULL OR qh IS NULL THEN
        RETURN NULL;
    END IF;
    IF b = q THEN
        RETURN 1;
    END IF;
    RETURN trim_scale((bh[1] * qh[2]) / (bh[2] * qh[1]));
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION fx_rate_as_known(text, text, date, timestamptz, text, text) SET search_path = %I, pg_catalog, pg_temp',
                   current_schema());
END
$$;
