"""The columnar helpers behind the indicators, on both of their code paths."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin.columns import Csr
from afnor_ctin.compute.kernels import BITMAP_LIMIT, category_counts, count_by, pair_keys

rows = st.lists(st.tuples(st.integers(-1, 5), st.integers(-1, 40)), max_size=200)


@given(rows=rows, huge=st.booleans())
def test_pair_keys_are_the_distinct_pairs(rows, huge):
    group = np.array([g for g, _ in rows], dtype=np.int32)
    ids = np.array([i for _, i in rows], dtype=np.int64)
    n_ids = BITMAP_LIMIT if huge else 41  # huge: the key space is too large for the bitmap path
    keys = pair_keys(group, ids, n_ids)
    expected = {g * n_ids + i for g, i in rows if g >= 0 and i >= 0}
    assert sorted(keys.tolist()) == sorted(expected)
    assert len(keys) == len(expected)


@given(rows=rows)
def test_count_and_category_counts(rows):
    group = np.array([g for g, _ in rows], dtype=np.int32)
    codes = np.array([i % 7 - 1 for _, i in rows], dtype=np.int8)
    counts = count_by(group, 6)
    assert counts.tolist() == [sum(1 for g, _ in rows if g == k) for k in range(6)]
    table = category_counts(group, codes, 6, 6)
    for k in range(6):
        for c in range(6):
            assert table[k, c] == sum(1 for (g, _), code in zip(rows, codes, strict=True) if g == k and code == c)


@given(st.lists(st.lists(st.integers(0, 9), max_size=3), max_size=60))
def test_row_index_sparse_and_dense_paths_agree(lists):
    csr = Csr.from_lists(lists, np.int32)
    expected = [r for r, values in enumerate(lists) for _ in values]
    assert csr.row_index().tolist() == expected
    padded = Csr.from_lists([*lists, *([[]] * (4 * len(csr.values) + 1))], np.int32)  # sparse path
    assert padded.row_index().tolist() == expected


def test_by_category_gives_one_mapping_per_group_in_member_order() -> None:
    from afnor_ctin.compute.kernels import by_category
    from afnor_ctin.model.enums import Channel

    table = np.array([[3.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 5.0]])
    rows = by_category(tuple(Channel), table)
    assert rows[0] == {"lieu_activite": 3, "autre_lieu": 0, "domicile": 1, "a_distance": 0}
    assert list(rows[1]) == [str(c) for c in Channel]
    assert all(type(v) is int for v in rows[1].values())
    assert by_category(tuple(Channel), table, positive_only=True) == [
        {"lieu_activite": 3, "domicile": 1},
        {"autre_lieu": 2, "a_distance": 5},
    ]
    amounts = by_category(tuple(Channel), np.array([[1.25, 0.0, np.nan, 2.5]]), as_int=False, positive_only=True)
    assert amounts == [{"lieu_activite": 1.25, "a_distance": 2.5}]
