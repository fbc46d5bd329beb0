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
# # Migrant Health: exploring the programme
# Reads the published warehouse read-only (safe while the pipeline runs). Set `MH_WAREHOUSE` to
# point elsewhere; by default the repository's `warehouse/migrant_health.duckdb`.
# Figures here are **unsuppressed**: for the programme team, not for publication.

# %%
import plotly.express as px

from pipelines import warehouse

con = warehouse.connect()
ind = con.execute("SELECT * FROM marts.indicators").df()

# %% [markdown]
# ## Headline figures (whole programme)

# %%
total = ind[(ind.period == "all") & (ind.dimension == "total")].set_index("indicator")
total[["numerator", "denominator", "value", "ci_low", "ci_high"]]

# %% [markdown]
# ## Positivity by month, with its 95 % Wilson interval

# %%
months = ind[(ind.dimension == "total") & (ind.indicator == "positivity") & ind.period.str.fullmatch(r"\d{4}-\d{2}")]
fig = px.line(months, x="period", y="value", error_y=months.ci_high - months.value,
              error_y_minus=months.value - months.ci_low, markers=True, title="Positivity by month")
fig.show()

# %% [markdown]
# ## Countries of origin

# %%
countries = ind[(ind.period == "all") & (ind.dimension == "country_of_origin") & (ind.indicator == "people_tested")]
px.bar(countries.sort_values("numerator"), x="numerator", y="category", orientation="h",
       title="People tested by country of origin").show()

# %% [markdown]
# ## Breakdowns: documented vs undocumented, key populations

# %%
for dim in ("residence_status", "key_population"):
    d = ind[(ind.period == "all") & (ind.dimension == dim) & (ind.indicator == "positivity")]
    print(d[["category", "numerator", "denominator", "value", "ci_low", "ci_high"]].to_string(index=False))

# %% [markdown]
# ## The care cascade by care location

# %%
steps = ["positives", "linked", "on_art", "vl_tested", "vl_suppressed"]
cascade = ind[(ind.period == "all") & (ind.dimension.isin(["total", "care_location"]))
              & ind.indicator.isin(steps)].pivot_table(index="category", columns="indicator", values="numerator")
cascade[steps]

# %% [markdown]
# ## An ad-hoc question with the pipeline's own SQL
# "Positivity among undocumented people who inject drugs from Tajikistan, by quarter"

# %%
adhoc = warehouse.indicators(residence_status="undocumented", key_population="pwid", country_of_origin="TJK")
adhoc[(adhoc.dimension == "total") & (adhoc.indicator == "positivity") & adhoc.period.str.contains("Q")]

# %%
people = int(total.loc["people_tested", "numerator"])
positives = int(total.loc["positives", "numerator"])
print(f"people tested: {people}; HIV-positive: {positives}")
