"""The compute layer: pure columnar functions, one per indicator, on an evaluation context.

It reads the dataset's columns only and knows nothing of the catalogue, file formats, French labels
or reports (nothing here imports them).

- :mod:`~afnor_ctin.compute.kernels`: grouped counts and sums, distinct ``(id, group)`` pairs;
- :mod:`~afnor_ctin.compute.groups`: the territories evaluated together, as groups of communes;
- :mod:`~afnor_ctin.compute.context`: the evaluation context and its memoisation;
- :mod:`~afnor_ctin.compute.codes`: the enumeration codes the indicators select on;
- :mod:`~afnor_ctin.compute.conventions`: the specification's common conventions, one function each;
- one module per family: :mod:`~afnor_ctin.compute.offer` (I01–I03),
  :mod:`~afnor_ctin.compute.activity` (I04–I07), :mod:`~afnor_ctin.compute.resources` (I08–I10),
  :mod:`~afnor_ctin.compute.coordination` (I11).

A compute function is ``(ctx, *, parameters) -> list[Outcome]``, one outcome per group; its
keyword-only parameters are the indicator's parameters (declared nowhere else).
"""
