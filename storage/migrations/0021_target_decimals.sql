-- A target's own number of decimals (issue 13): "104,5%" for one target, "1.668" for another.
-- NULL: the setting BUTPHA_TARGET_DECIMALS (2 by default).
ALTER TABLE targets ADD COLUMN decimals INTEGER CHECK (decimals IS NULL OR decimals BETWEEN 0 AND 4);
