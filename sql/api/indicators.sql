-- What the analysts' API returns: the indicators it built for their selection.
SELECT * FROM marts.indicators
