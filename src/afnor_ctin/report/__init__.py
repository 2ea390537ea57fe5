"""Presentation of results: renderers, statistical secrecy, French formatting and notebook displays.

Renderers and secrecy: :mod:`~afnor_ctin.report.render` (and the catalogue in text,
:mod:`~afnor_ctin.report.render.catalogue`); figures: :mod:`~afnor_ctin.report.figures`; French number formatting:
:mod:`~afnor_ctin.report.french`; notebook displays: :mod:`~afnor_ctin.report.notebook` and
:mod:`~afnor_ctin.report.display`.

What an evaluation returns (:class:`~afnor_ctin.results.Report`,
:class:`~afnor_ctin.results.IndicatorResult`) lives in :mod:`afnor_ctin.results`.
"""
