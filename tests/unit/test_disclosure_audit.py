"""Which unknown cells a set of sums fixes, and which known cells' suppression frees one."""

from hypothesis import given, settings, strategies as st

from pipelines.lib.disclosure_audit import determined, freeing
from tests.integration.test_disclosure_attack import solve_sums

# T = a + b; Q = a (a category seen in one month of its quarter)
SUMS = [["T", "a", "b"], ["Q", "a"]]


def test_a_sum_of_two_unknowns_fixes_neither():
    assert determined([["T", "a", "b"]], {"a", "b"}) == set()


def test_a_second_sum_fixes_both():
    assert determined(SUMS, {"a", "b"}) == {"a", "b"}
    assert determined(SUMS, {"a", "b", "Q"}) == set()


def test_only_the_groups_asked_for_are_looked_at():
    sums = SUMS + [["U", "c", "d"], ["c", "d"]]  # c = d and c + d = U: both fixed
    assert determined(sums, {"a", "b", "c", "d"}) == {"a", "b", "c", "d"}
    assert determined(sums, {"a", "b", "c", "d"}, among=["c"]) == {"c", "d"}


def test_a_memo_computes_again_only_the_groups_whose_cells_changed():
    sums = SUMS + [["U", "c", "d"]]  # a and b fixed; c and d not
    memo: dict = {}
    assert determined(sums, {"a", "b", "c", "d"}, memo=memo) == {"a", "b"}
    assert len(memo) == 2  # one answer per group
    (first,) = [k for k in memo if "a" in k[1]]
    memo[first] = {"marked"}  # taken from the memo while the group's cells are the same
    assert determined(sums, {"a", "b", "c", "d"}, memo=memo) == {"marked"}
    assert determined(sums, {"a", "b", "c", "d", "Q"}, memo=memo) == set()  # Q withheld: computed again


def test_which_suppression_frees_a_cell():
    assert freeing(SUMS, {"a", "b"}, "a") == ["Q"]  # a = Q whatever T is
    assert sorted(freeing(SUMS, {"a", "b"}, "b")) == ["Q", "T"]


def test_no_one_suppression_frees_a_cell_fixed_twice_over():
    # a = Q, and a = R - S with b = S: suppressing any one of Q, R, S leaves a fixed
    assert freeing([["Q", "a"], ["R", "a", "b"], ["S", "b"]], {"a", "b"}, "a") == []


CELLS = [f"c{i}" for i in range(9)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(CELLS), min_size=2, max_size=5, unique=True), min_size=1, max_size=8),
       st.sets(st.sampled_from(CELLS), min_size=1))
def test_the_same_cells_as_exact_elimination(sums, unknown):
    # solve_sums (the attacker's, in fractions) against determined (floating point) on any sums
    known = {c: 7 for c in CELLS if c not in unknown}
    assert determined(sums, unknown) == set(solve_sums(known, sums))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(CELLS), min_size=2, max_size=5, unique=True), min_size=1, max_size=8),
       st.sets(st.sampled_from(CELLS), min_size=1), st.sets(st.sampled_from(CELLS)))
def test_a_memo_answers_as_computing_everything_again(sums, unknown, more):
    memo: dict = {}
    assert determined(sums, unknown, memo=memo) == determined(sums, unknown)
    assert determined(sums, unknown | more, memo=memo) == determined(sums, unknown | more)
