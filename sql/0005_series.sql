-- Published series. A central bank that prints buying and selling rates
-- and no mid (TCMB, PTAX) has each series stored as rows of their own,
-- never averaged into a made-up mid; every other rate is a mid. Also the
-- rules every row has always met, stated as constraints. Part of the public
-- contract; see docs/sql.md.

ALTER TABLE rates
    ADD COLUMN series text NOT NULL DEFAULT 'mid'
        CONSTRAINT rates_series_known
        CHECK (series IN ('mid', 'buying', 'selling', 'banknote-buying', 'banknote-selling')),
    ADD CONSTRAINT rates_base_code CHECK (base ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT rates_quote_code CHECK (quote ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT rates_pair CHECK (base <> quote),
    DROP CONSTRAINT rates_pkey,
    ADD CONSTRAINT rates_pkey PRIMARY KEY (source, rate_date, base, quote, series);

COMMENT ON COLUMN rates.series IS 'Which rate of the pair: mid, or the buying, selling, banknote-buying or banknote-selling rate of a publisher that prints those instead';

-- A successful run that has something to say: a currency of --symbols the
-- publisher stopped publishing. status shows it until a run has nothing to say.
ALTER TABLE fetch_runs ADD COLUMN warning text;

ALTER TABLE fx_daily_rates ADD COLUMN series text NOT NULL DEFAULT 'mid';

CREATE OR REPLACE VIEW fx_daily AS
    SELECT source, day, base, quote, rate, rate_date, series FROM fx_daily_rates;

COMMENT ON VIEW fx_daily IS 'Per source, series and calendar day, every published pair both ways: 1 base = rate quote, in force that day (published on rate_date)';

-- The series a read of `src` on its publication day `d` uses: `wanted`, or
-- the mid when NULL. Raises (22023) when the day holds no rate of it,
-- naming the series it holds: a source without a mid needs one named.
CREATE FUNCTION fx_series(src text, d date, wanted text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    ser text := coalesce(wanted, 'mid');
    held text;
BEGIN
    IF EXISTS (SELECT 1 FROM rates r WHERE r.source = src AND r.rate_date = d AND r.series = ser) THEN
        RETURN ser;
    END IF;
    held := (SELECT string_agg(DISTINCT r.series, ', ') FROM rates r
              WHERE r.source = src AND r.rate_date = d);
    IF held IS NULL THEN
        RETURN ser;
    END IF;
    RAISE EXCEPTION '% published no % rate for %: name a series (%)', src, ser, d, held
        USING ERRCODE = '22023';
END
$$;

-- fx_lookup, now of one series (NULL: the mid). The pair's rows are read
-- in that series only: a cross rate never mixes a buying with a selling
-- rate. Otherwise the rule of migration 4, unchanged.
DROP FUNCTION fx_lookup(char(3), char(3), date, text[], boolean);

CREATE FUNCTION fx_lookup(b char(3), q char(3), on_day date, sources text[], others boolean,
                          wanted text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean,
                   unit integer, printed numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
#variable_conflict use_variable
DECLARE
    src text;
    d date;
    ser text;
    home char(3);
    r record;
    b_num numeric; b_den numeric;
    q_num numeric; q_den numeric;
BEGIN
    SELECT f.source, f.rate_date INTO src, d FROM fx_source_in_force(on_day, sources, others) AS f;
    IF src IS NULL THEN
        RETURN;
    END IF;
    ser := coalesce(wanted, 'mid');
    SELECT t.unit, t.rate INTO r FROM rates t
     WHERE t.source = src AND t.rate_date = d AND t.base = b AND t.quote = q AND t.series = ser;
    IF FOUND THEN
        RETURN QUERY SELECT fx_per_unit(r.rate, r.unit), d, src, false, r.unit, r.rate;
        RETURN;
    END IF;
    -- Not printed as asked: from here on the series must exist that day.
    ser := fx_series(src, d, wanted);
    IF b = q THEN
        RETURN QUERY SELECT 1::numeric, d, src, false, 1, 1::numeric;
        RETURN;
    END IF;
    SELECT t.unit, t.rate INTO r FROM rates t
     WHERE t.source = src AND t.rate_date = d AND t.base = q AND t.quote = b AND t.series = ser;
    IF FOUND THEN
        RETURN QUERY SELECT r.unit / r.rate, d, src, true, 1, NULL::numeric;
        RETURN;
    END IF;
    home := (SELECT s.home FROM fx_sources s WHERE s.source = src);
    IF home IS NULL THEN
        -- A source fxrates does not know: the base with the most quotes.
        home := (SELECT t.base FROM rates t
                  WHERE t.source = src AND t.rate_date = d AND t.series = ser
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
         WHERE t.source = src AND t.rate_date = d AND t.series = ser
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
         WHERE t.source = src AND t.rate_date = d AND t.series = ser
           AND ((t.base = q AND t.quote = home) OR (t.base = home AND t.quote = q))
         LIMIT 1;
    END IF;
    IF b_num IS NULL OR q_num IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT (b_num * q_den) / (b_den * q_num), d, src, true, 1, NULL::numeric;
END
$$;

-- The functions of migration 4 read the mid (or raise for a source without
-- one, naming its series); the overloads with a fifth argument read the
-- series named (NULL: the mid). A call with four arguments or fewer means
-- what it always meant.
CREATE FUNCTION fx_rate_detail(base text, quote text, day date, source text, series text)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean, series text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT l.rate, l.rate_date, l.source, l.computed, coalesce(fx_rate_detail.series, 'mid')
      FROM fx_lookup(
               fx_code(fx_rate_detail.base), fx_code(fx_rate_detail.quote), fx_rate_detail.day,
               CASE WHEN fx_rate_detail.source IS NULL
                    THEN ARRAY(SELECT o.source FROM fx_source_order o ORDER BY o.position)
                    ELSE ARRAY[fx_rate_detail.source] END,
               fx_rate_detail.source IS NULL,
               fx_rate_detail.series) AS l
$$;

CREATE OR REPLACE FUNCTION fx_rate_detail(base text, quote text, day date, source text DEFAULT NULL)
    RETURNS TABLE (rate numeric, rate_date date, source text, computed boolean)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d.rate, d.rate_date, d.source, d.computed
      FROM fx_rate_detail(fx_rate_detail.base, fx_rate_detail.quote, fx_rate_detail.day,
                          fx_rate_detail.source, NULL::text) AS d
$$;

CREATE FUNCTION fx_rate(base text, quote text, day date, source text, series text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d.rate FROM fx_rate_detail(base, quote, day, source, series) AS d
$$;

CREATE FUNCTION fx_convert(amount numeric, base text, quote text, day date, source text,
                           series text)
    RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT amount * fx_rate(base, quote, day, source, series)
$$;
