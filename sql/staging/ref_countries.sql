-- The country names and codes the contract accepts (registered relation aliases: alias -> ISO 3166
-- alpha-3, pipelines/lib/countries.py) as the temp table ref_countries the rules look up.
CREATE OR REPLACE TEMP TABLE ref_countries AS SELECT * FROM aliases
