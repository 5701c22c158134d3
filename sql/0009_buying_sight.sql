-- The buying rate of sight bills. The Bank of Thailand prints, for each
-- currency, the commercial banks' average buying rate of sight bills
-- beside that of transfers, their selling rate and the mid. Each is stored
-- as printed, under a series of its own: 'buying' is the transfer rate,
-- 'buying-sight' the sight-bill rate. Part of the public contract; see
-- docs/sql.md.

ALTER TABLE rates
    DROP CONSTRAINT rates_series_known,
    ADD CONSTRAINT rates_series_known
        CHECK (series IN ('mid', 'buying', 'buying-sight', 'selling', 'banknote-buying', 'banknote-selling', 'per-gram'));

COMMENT ON COLUMN rates.series IS 'Which rate of the pair: mid; the buying (of transfers), buying-sight (of sight bills), selling, banknote-buying or banknote-selling rate of a publisher that prints those instead; or per-gram, the price of one gram of a metal';
