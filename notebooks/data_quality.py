# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Data quality walk-through: files and held-back rows
# For the M&E officer: which files were refused and why, which rows were held back, and what to
# fix at source. Held rows hold record-level data: this notebook stays inside the programme.

# %%
import pandas as pd

from pipelines import warehouse

pd.set_option("display.max_colwidth", None)  # a reason cut at 50 characters hides what to fix
con = warehouse.connect()

# %% [markdown]
# ## Files received

# %%
files = con.execute("SELECT * FROM audit.files ORDER BY file_name").df()
files.groupby("status")[["rows_read", "rows_accepted", "rows_held", "rows_duplicate"]].sum()

# %%
files[files.status != "loaded"][["file_name", "status", "reason"]]

# %% [markdown]
# ## Loaded files with a note
# What was loaded but not all read: columns outside the contract, ignored (one headed like the contract's,
# "viral_load (the contract's vl_copies?)", had its values left unread: head it as the contract does), and rows
# a form tool's review marked rejected (loaded and counted as the others: if the site rejected them as wrong,
# have them left out of the export). The `columns_unread` and `rows_marked_rejected` warnings name such files.

# %%
noted = files[(files.status == "loaded") & (files.reason.fillna("") != "")][["file_name", "reason"]]
print(f"loaded files with a note: {len(noted)}")
noted

# %% [markdown]
# ## Nothing lost: every row read is accepted, held back or a duplicate

# %%
unbalanced = files[files.rows_read != files.rows_accepted + files.rows_held + files.rows_duplicate]
assert unbalanced.empty, unbalanced
print("rows read:", int(files.rows_read.sum()))

# %% [markdown]
# ## Held rows by the column at fault

# %%
by_column = con.execute("""
    SELECT c AS column_at_fault, count(*) AS rows
    FROM audit.held_rows, unnest(reason_columns) AS t(c) GROUP BY c ORDER BY rows DESC""").df()
by_column

# %% [markdown]
# ## What to fix, file by file
# `audit.held_rows_open`: the held rows not sent again corrected since (a corrected row is accepted from
# the later file; its held row stays in `audit.held_rows`, so that every file's rows still add up).

# %%
held = con.execute("SELECT file_name, row_number, record_id, reason FROM audit.held_rows_open "
                   "ORDER BY file_name, row_number").df()
held.head(20)

# %%
((all_held,),) = con.execute("SELECT count(*) FROM audit.held_rows").fetchall()
print(f"rows held back: {all_held}; still to fix: {len(held)}; sent again corrected since: {all_held - len(held)}")

# %% [markdown]
# ## Site codes that may be one site
# Codes that differ only by punctuation, spacing, a number's leading zeros or look-alike letters
# ("ALA-01", "ALA01", "ALA 1") count as sites of their own in every figure: the `site_lookalikes`
# warning in Dagster lists the same groups. Fix the codes at source and send the files again.

# %%
from pipelines.lib.sql import query_df

sites = con.execute("SELECT site_code, count(*) AS tests FROM staging.screening GROUP BY ALL ORDER BY 1").df()
lookalikes = query_df(con, "checks.site_lookalikes")
print(f"sites: {len(sites)}; groups of codes that may be one site: {len(lookalikes)}")
lookalikes

# %% [markdown]
# ## Tests that may be one test sent twice
# Valid tests of one person on one day at one site with one result, under different record_ids (a site's
# history exported again from a new tool numbers its rows anew): each counts in `tests`, while the person
# counts once. The `tests_repeated` warning in Dagster counts them; here is every row, by group, to find in
# its file. If two rows are one test, delete the copy at source and send the file again.

# %%
repeated = con.execute("SELECT * FROM audit.tests_repeated ORDER BY test_group, file_name, row_number").df()
print(f"tests that may be one test sent twice: {len(repeated) - repeated.test_group.nunique()}")
repeated
