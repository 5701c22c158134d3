-- Metals priced per gram. BNR and the Central Bank of Armenia print the
-- price of one gram of gold and silver; ISO 4217's XAU and XAG are a troy
-- ounce. Such a price is stored as printed, under a series of its own,
-- 'per-gram', so that no read of a currency's series ever takes it for a
-- price per ounce, and no cross through the home currency reaches it from
-- a currency. Part of the public contract; see docs/sql.md.

ALTER TABLE rates
    DROP CONSTRAINT rates_series_known,
    ADD CONSTRAINT rates_series_known
        CHECK (series IN ('mid', 'buying', 'selling', 'banknote-buying', 'banknote-selling', 'per-gram')),
    ADD CONSTRAINT rates_per_gram_metal
        CHECK (series <> 'per-gram' OR base IN ('XAU', 'XAG', 'XPT', 'XPD') OR quote IN ('XAU', 'XAG', 'XPT', 'XPD'));

COMMENT ON COLUMN rates.series IS 'Which rate of the pair: mid; the buying, selling, banknote-buying or banknote-selling rate of a publisher that prints those instead; or per-gram, the price of one gram of a metal';
