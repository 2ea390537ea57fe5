"""Indicator specifications and the catalogue that registers them."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from afnor_ctin.catalog.records import Component, Identity, Kind, Parameter
from afnor_ctin.compute.context import Context, Outcome
from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError, UnknownCodeError
from afnor_ctin.period import Period
from afnor_ctin.referential import REFERENTIAL, ParameterValue, Provenance, Referential, fill
from afnor_ctin.results import Flag, IndicatorResult, Status

__all__ = ["Catalog", "ComputeFunction", "IndicatorFunction", "IndicatorSpec"]

#: Signature of an indicator function for one territory: ``(dataset, period, /, **parameters) -> IndicatorResult``.
IndicatorFunction = Callable[..., IndicatorResult]

#: Signature of a compute function: ``(context, **parameters) -> one Outcome per group``.
ComputeFunction = Callable[..., list[Outcome]]


#: The texts a referential may reword.
_TEXTS = ("label", "label_en", "definition", "formula")


def _keyword_only(function: Callable[..., Any] | None) -> list[str] | None:
    """The sorted keyword-only parameters of ``function`` (``None`` when it takes ``**kwargs`` or has no signature)."""
    try:
        parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return sorted(p.name for p in parameters if p.kind is p.KEYWORD_ONLY)


def _components(value: Any) -> tuple[Component, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class IndicatorSpec:
    """The definition and metadata of one indicator.

    Attributes
    ----------
    code:
        Stable code (``I01`` … ``I11``; user codes must not start with ``I`` + digits).
    label, label_en:
        French and English labels.
    definition:
        French definition (what is counted, where, when).
    formula:
        French formula, in words.
    kind:
        :class:`~afnor_ctin.catalog.records.Kind`: stock or flow.
    provenance:
        :class:`~afnor_ctin.referential.Provenance`: named by the Afnor referential or reconstructed.
    headline:
        What the headline value is (:class:`~afnor_ctin.catalog.records.Component` named ``value``).
    unit:
        Unit of the headline value (``part`` = fraction in [0, 1]); the headline's unit by default.
    components:
        The components, in the order the indicator publishes them.
    by_commune:
        What the breakdown by commune is, or ``None`` when there is none.
    flags:
        Flags the indicator may carry.
    identities:
        Linear relations its published values satisfy with each other or with other indicators' values,
        beyond the components' ``parts_of`` and ``of`` (:class:`~afnor_ctin.catalog.records.Identity`).
    parameters:
        The indicator's parameters (keyword-only parameters of its compute function or function).
    referential:
        Referential the definition belongs to.
    doc_path:
        Path of its French methodology page in the documentation.
    compute:
        Compute function evaluating many territories in one pass (built-in indicators), or ``None``.
    function:
        Function computing the indicator for one territory (registered indicators), or ``None``.
    templates:
        The texts (``label``, ``label_en``, ``definition``, ``formula``) before the parameter values
        are filled in, kept by :meth:`under`.
    """

    code: str
    label: str
    label_en: str
    definition: str
    formula: str
    kind: Kind
    provenance: Provenance
    headline: Component | None = None
    unit: str = attrs.field()
    components: tuple[Component, ...] = attrs.field(default=(), converter=_components)
    by_commune: Component | None = None
    flags: tuple[Flag, ...] = ()
    identities: tuple[Identity, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    referential: Referential = REFERENTIAL
    doc_path: str | None = None
    compute: ComputeFunction | None = attrs.field(default=None, repr=False)
    function: IndicatorFunction | None = attrs.field(default=None, repr=False)
    templates: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)

    @unit.default
    def _unit(self) -> str:
        if self.headline is None:
            raise InvalidInputError(f"indicateur « {self.code} » : indiquez son unité (unit) ou son headline")
        return self.headline.unit

    def __attrs_post_init__(self) -> None:
        if (self.compute is None) == (self.function is None):
            raise InvalidInputError(f"indicateur « {self.code} » : donnez soit compute, soit function")
        names = [c.name for c in self.components]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"indicateur « {self.code} » : composantes en double")
        declared = sorted(p.name for p in self.parameters)
        keyword_only = _keyword_only(self.compute or self.function)
        if keyword_only is not None and keyword_only != declared:
            raise InvalidInputError(
                f"indicateur « {self.code} » : paramètres déclarés {declared}, arguments nommés de la fonction "
                f"{keyword_only}"
            )

    # -- metadata ----------------------------------------------------------------------------------
    def component(self, name: str) -> Component | None:
        """The record of component ``name`` (``value``: the headline; ``by_commune``: the breakdown)."""
        if name == "value":
            return self.headline
        if name == "by_commune":
            return self.by_commune
        return next((c for c in self.components if c.name == name), None)

    def parameter(self, name: str) -> Parameter:
        """The parameter named ``name`` (its keyword).

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            For an unknown parameter.
        """
        for p in self.parameters:
            if p.name == name:
                return p
        raise InvalidInputError(f"paramètre « {name} » inconnu pour {self.code} ({self._known()})")

    def _known(self) -> str:
        if not self.parameters:
            return f"{self.code} n'a pas de paramètre"
        return "paramètres : " + ", ".join(p.name for p in self.parameters)

    # -- referential ------------------------------------------------------------------------------
    def check(self, referential: Referential) -> None:
        """Check what ``referential`` says about this indicator (parameter keys, types and ranges).

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            Naming the key and the referential's file.
        """
        entry = referential.entry(self.code)
        if entry is None:
            return
        by_key = {p.key: p for p in self.parameters}
        for key, value in entry.parameters.items():
            where = f"indicateurs.{self.code}.parametres.{key}"
            parameter = by_key.get(key)
            if parameter is None:
                known = ", ".join(by_key) or "aucun"
                raise referential.error(where, f"paramètre inconnu de {self.code} (paramètres : {known})")
            problem = parameter.problem(value)
            if problem is not None:
                raise referential.error(where, problem)

    def values(self, referential: Referential | None = None, **overrides: Any) -> dict[str, ParameterValue]:
        """The value of each parameter, by keyword: ``overrides``, else the referential's, else the default.

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            For an unknown parameter or an invalid value (French message naming it).
        """
        ref = self.referential if referential is None else referential
        self.check(ref)
        entry = ref.entry(self.code)
        given = {} if entry is None else entry.parameters
        out = {p.name: p.convert(given.get(p.key, p.default)) for p in self.parameters}
        for name, value in overrides.items():
            parameter = self.parameter(name)
            problem = parameter.problem(value)
            if problem is not None:
                raise InvalidInputError(f"paramètre « {name} » de {self.code} : {problem}")
            out[name] = parameter.convert(value)
        for p in self.parameters:
            if p.at_least is not None and out[p.name] < out[p.at_least]:  # type: ignore[operator]
                raise InvalidInputError(
                    f"paramètre « {p.key} » de {self.code} : {out[p.name]} est inférieur à « "
                    f"{self.parameter(p.at_least).key} » ({out[p.at_least]})"
                )
        return out

    def under(self, referential: Referential, values: Mapping[str, ParameterValue] | None = None) -> IndicatorSpec:
        """The indicator as ``referential`` words it: labels, texts (parameters filled in) and provenance."""
        entry = referential.entry(self.code)
        values = self.values(referential) if values is None else values
        by_key = {p.key: values[p.name] for p in self.parameters}
        templates = dict(self.templates) or {name: getattr(self, name) for name in _TEXTS}

        def text(name: str) -> str:
            reworded: str | None = None if entry is None else getattr(entry, name)
            return fill(reworded or templates[name], by_key)

        return attrs.evolve(
            self,
            label=text("label"),
            label_en=text("label_en"),
            definition=text("definition"),
            formula=text("formula"),
            provenance=(entry.provenance if entry else None) or self.provenance,
            referential=referential,
            templates=templates,
        )

    # -- evaluation --------------------------------------------------------------------------------
    def result(self, outcome: Outcome) -> IndicatorResult:
        """Wrap an outcome of the compute function into an :class:`~afnor_ctin.results.IndicatorResult`."""
        return IndicatorResult(
            code=self.code,
            label=self.label,
            label_en=self.label_en,
            value=outcome.value,
            unit=self.unit,
            status=Status.OK if outcome.value is not None else Status.NOT_COMPUTABLE,
            flags=outcome.flags,
            reason=outcome.reason,
            components=outcome.components,
            by_commune=outcome.by_commune,
        )

    def evaluate_one(self, dataset: Dataset, period: Period, values: Mapping[str, ParameterValue]) -> IndicatorResult:
        """The result for ``dataset.territory`` over ``period`` with the parameter ``values`` (already checked)."""
        if self.function is not None:
            result = self.function(dataset, period, **values)
            # The catalogue is the single source of metadata: code, labels and unit come from it.
            return attrs.evolve(result, code=self.code, label=self.label, label_en=self.label_en, unit=self.unit)
        assert self.compute is not None
        return self.result(self.compute(Context.single(dataset, period), **values)[0])

    def evaluate(
        self, dataset: Dataset, period: Period, /, *, referential: Referential | None = None, **parameters: Any
    ) -> IndicatorResult:
        """Compute the indicator for ``dataset.territory`` over ``period``.

        Parameters
        ----------
        dataset, period:
            The data and the period.
        referential:
            The referential whose wording and parameter values apply (default: this spec's).
        **parameters:
            Parameter values by keyword, overriding the referential's.
        """
        return self.run(dataset, period, parameters, referential)

    def run(
        self,
        dataset: Dataset,
        period: Period,
        parameters: Mapping[str, Any],
        referential: Referential | None = None,
    ) -> IndicatorResult:
        """:meth:`evaluate` with the parameter values given as a mapping (checked here)."""
        ref = self.referential if referential is None else referential
        values = self.values(ref, **parameters)
        return self.under(ref, values).evaluate_one(dataset, period, values)


class Catalog:
    """An ordered registry of :class:`IndicatorSpec`, by code."""

    def __init__(self, specs: tuple[IndicatorSpec, ...] = ()) -> None:
        self._specs: dict[str, IndicatorSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: IndicatorSpec, *, replace: bool = False) -> IndicatorSpec:
        """Add an indicator (a documented, typed hook: no need to edit the package).

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            When the code is already registered and ``replace`` is false.
        """
        code = spec.code.upper()
        if code in self._specs and not replace:
            raise InvalidInputError(f"l'indicateur « {code} » existe déjà dans le catalogue")
        self._specs[code] = spec
        return spec

    def unregister(self, code: str) -> None:
        """Remove a registered indicator."""
        self.get(code)
        del self._specs[code.upper()]

    def get(self, code: str) -> IndicatorSpec:
        """The specification of indicator ``code`` (case-insensitive).

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            With the list of known codes.
        """
        spec = self._specs.get(code.strip().upper())
        if spec is None:
            known = ", ".join(self._specs)
            raise UnknownCodeError(f"indicateur « {code} » inconnu ; codes disponibles : {known}")
        return spec

    def codes(self) -> tuple[str, ...]:
        """Codes in catalogue order."""
        return tuple(self._specs)

    def __iter__(self) -> Iterator[IndicatorSpec]:
        return iter(tuple(self._specs.values()))

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._specs

    def record(self, code: str, ref: str) -> Component | None:
        """The record a reference of indicator ``code`` names (see :mod:`afnor_ctin.catalog.records`).

        ``None`` for a public quantity (``population``, ``communes``) or a reference to nothing.
        """
        if ref[:1] == "I" and ref[1:].isdigit():
            code, ref = ref, "value"
        elif "." in ref:
            code, ref = ref.split(".", 1)
        spec = self._specs.get(code)
        return None if spec is None else spec.component(ref)

    def check(self, referential: Referential) -> Referential:
        """Check a referential against the catalogue: known indicators, parameter keys, types and ranges.

        Returns
        -------
        Referential
            ``referential`` itself, once checked.

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            Naming the key (``indicateurs.I07.parametres.seuil_ifn``) and the referential's file.
        """
        for code in referential.indicators:
            if code not in self:
                known = ", ".join(self._specs)
                raise referential.error(f"indicateurs.{code}", f"indicateur inconnu (connus : {known})")
            self.get(code).check(referential)
        return referential
