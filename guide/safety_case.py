"""The clinical safety case: the hazard log (guide/hazards.toml) as plain data, checked and rendered.

In the spirit of the NHS clinical risk standard DCB0129: each hazard says what goes wrong, why, the
harm, its severity and likelihood on the standard's 5 x 5 matrix before and after its controls, and
the controls, each with the evidence that proves it: development vignettes and pytest tests. The
file is what a reviewer reads in a diff; this module reads it, checks it against the rules and the
suite (`problems`), and turns it into rows for the public page and for check_triage.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from guide import triage

HAZARDS = Path(__file__).with_name("hazards.toml")

SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")
# The standard's risk matrix: MATRIX[likelihood][severity] is the risk rating, 1 (acceptable) to 5.
MATRIX = {
    "Very high": (3, 4, 4, 5, 5),
    "High": (2, 3, 3, 4, 5),
    "Medium": (2, 2, 3, 3, 4),
    "Low": (1, 2, 2, 3, 4),
    "Very low": (1, 1, 2, 2, 3),
}
RATINGS = {
    5: "Unacceptable.",
    4: "Must be removed or controlled to an acceptable level.",
    3: "Undesirable: acceptable only when further risk reduction is impractical.",
    2: "Acceptable where the cost of further reduction outweighs the benefit.",
    1: "Acceptable: no further action needed.",
}
KINDS = ("question", "answer", "rule", "route", "advice row", "code", "admin safety gate")


def rating(severity: str, likelihood: str) -> int:
    return MATRIX[likelihood][SEVERITIES.index(severity)]


@dataclass(frozen=True)
class Assessment:
    severity: str
    likelihood: str
    risk: int

    @property
    def meaning(self) -> str:
        return RATINGS.get(self.risk, "")


@dataclass(frozen=True)
class Control:
    kind: str
    what: str  # what it names: a question, "question:answer", a rule, a route, a warning sign, a file
    does: str  # what it does, in plain words
    vignettes: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()  # pytest node ids: tests/test_x.py::test_y, or ::test_y[param]

    @property
    def evidence(self) -> int:
        return len(self.vignettes) + len(self.tests)


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    what: str  # what goes wrong
    cause: str
    harm: str
    before: Assessment
    after: Assessment
    residual: str
    controls: tuple[Control, ...]
    findings: tuple[str, ...] = ()  # the review findings it answers, such as N3

    @property
    def evidence(self) -> int:
        return sum(control.evidence for control in self.controls)

    @property
    def vignettes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for control in self.controls for v in control.vignettes))


@dataclass(frozen=True)
class SafetyCase:
    reviewed: str
    hazards: tuple[Hazard, ...]

    @property
    def vignettes(self) -> set[str]:
        return {v for hazard in self.hazards for v in hazard.vignettes}

    @property
    def tests(self) -> set[str]:
        return {t for hazard in self.hazards for control in hazard.controls for t in control.tests}


def _assessment(data: dict) -> Assessment:
    return Assessment(data["severity"], data["likelihood"], data["risk"])


def read(text: str) -> SafetyCase:
    data = tomllib.loads(text)
    hazards = tuple(
        Hazard(
            id=hazard["id"],
            title=hazard["title"],
            what=hazard["what"],
            cause=hazard["cause"],
            harm=hazard["harm"],
            before=_assessment(hazard["before"]),
            after=_assessment(hazard["after"]),
            residual=hazard["residual"],
            findings=tuple(hazard.get("findings", ())),
            controls=tuple(
                Control(
                    kind=control["kind"],
                    what=control["what"],
                    does=control["does"],
                    vignettes=tuple(control.get("vignettes", ())),
                    tests=tuple(control.get("tests", ())),
                )
                for control in hazard.get("control", [])
            ),
        )
        for hazard in data.get("hazard", [])
    )
    return SafetyCase(reviewed=str(data.get("reviewed", "")), hazards=hazards)


def load(path: Path = HAZARDS) -> SafetyCase:
    return read(path.read_text())


@dataclass(frozen=True)
class Known:
    """What the controls may name, and what each development vignette gives: plain data, read once."""

    questions: frozenset[str]
    answers: frozenset[triage.Answer]
    rules: frozenset[str]
    routes: frozenset[str]
    signs: frozenset[str]
    files: frozenset[str]  # paths a "code" or "admin safety gate" control may name
    vignettes: dict[str, triage.Outcome]  # each development case's outcome
    given: dict[str, frozenset[triage.Answer]]  # each development case's answers
    signs_of: dict[str, frozenset[str]]  # each development case's outcome: its warning signs


def problems(case: SafetyCase, known: Known) -> list[str]:
    """Every way the log falls short: a hazard without a control, a control without evidence, a
    name nothing answers to, a rating the matrix does not give, a vignette that does not exercise
    the control it is named for. The pytest node ids are checked by the test suite itself."""
    found = []
    ids = [hazard.id for hazard in case.hazards]
    if ids != [f"H{i}" for i in range(1, len(ids) + 1)]:
        found.append(f"Hazards must be numbered H1, H2, ... in order, not {ids}.")
    for hazard in case.hazards:
        where = f"{hazard.id} ({hazard.title})"
        for label, assessment in [("before", hazard.before), ("after", hazard.after)]:
            if assessment.severity not in SEVERITIES or assessment.likelihood not in LIKELIHOODS:
                found.append(f"{where}: {label}, use the standard's words for severity and likelihood.")
            elif assessment.risk != rating(assessment.severity, assessment.likelihood):
                found.append(
                    f"{where}: {label}, {assessment.severity} and {assessment.likelihood} is risk "
                    f"{rating(assessment.severity, assessment.likelihood)}, not {assessment.risk}."
                )
        if hazard.after.risk > hazard.before.risk:
            found.append(f"{where}: the risk after its controls is higher than before.")
        if not hazard.controls:
            found.append(f"{where}: no control.")
        for control in hazard.controls:
            found += [f"{where}: {problem}" for problem in _control_problems(control, known)]
    return found


def _control_problems(control: Control, known: Known) -> list[str]:
    found = []
    label = f"{control.kind} {control.what!r}"
    if control.kind not in KINDS:
        return [f"{label}: the kind must be one of {', '.join(KINDS)}."]
    if not control.vignettes and not control.tests:
        found.append(f"{label} names no evidence: no vignette and no test.")
    for vignette in control.vignettes:
        if vignette not in known.vignettes:
            found.append(f"{label}: no development vignette {vignette!r}.")
    question, _, value = control.what.partition(":")
    answer = (question, value)
    if control.kind == "question" and control.what not in known.questions:
        found.append(f"{label}: no published question by that name.")
    elif control.kind == "answer" and answer not in known.answers:
        found.append(f"{label}: no published answer by that name (question:value).")
    elif control.kind == "rule" and control.what not in known.rules:
        found.append(f"{label}: no published rule by that name.")
    elif control.kind == "route" and control.what not in known.routes:
        found.append(f"{label}: no published route by that name.")
    elif control.kind == "advice row" and control.what not in known.signs and not control.what.startswith("tier:"):
        found.append(f"{label}: no published warning sign by that name.")
    elif control.kind in ("code", "admin safety gate") and control.what not in known.files:
        found.append(f"{label}: no such file.")
    # Each vignette named must exercise the control: fire the rule, give the answer, reach the route.
    for vignette in (v for v in control.vignettes if v in known.vignettes):
        outcome = known.vignettes[vignette]
        if control.kind == "rule" and control.what not in {reason.rule.slug for reason in outcome.reasons}:
            found.append(f"{label}: vignette {vignette!r} does not fire it.")
        elif control.kind == "answer" and answer not in known.given[vignette]:
            found.append(f"{label}: vignette {vignette!r} does not give that answer.")
        elif control.kind == "question" and control.what not in outcome.asked:
            found.append(f"{label}: vignette {vignette!r} is not asked it.")
        elif control.kind == "route" and control.what not in {route.slug for route in outcome.routes}:
            found.append(f"{label}: vignette {vignette!r} does not reach it.")
        elif (
            control.kind == "advice row"
            and control.what in known.signs
            and control.what not in known.signs_of[vignette]
        ):
            found.append(f"{label}: vignette {vignette!r} is not shown it.")
    return found


# Rendering: plain rows for the page and for check_triage


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    before: Assessment
    after: Assessment
    kinds: tuple[str, ...]  # the kinds of control, each once, in the order KINDS gives
    controls: int
    evidence: int


def rows(case: SafetyCase) -> list[Row]:
    return [
        Row(
            id=hazard.id,
            title=hazard.title,
            before=hazard.before,
            after=hazard.after,
            kinds=tuple(kind for kind in KINDS if any(control.kind == kind for control in hazard.controls)),
            controls=len(hazard.controls),
            evidence=hazard.evidence,
        )
        for hazard in case.hazards
    ]


def table(case: SafetyCase) -> list[str]:
    """The hazard log as lines of text, one hazard a line, for a terminal."""
    width = max((len(row.title) for row in rows(case)), default=10)
    lines = [f"{'':4} {'Hazard':{width}}  Risk before  after  Controls  Evidence"]
    for row in rows(case):
        risks = f"{row.before.risk:>11}  {row.after.risk:>5}"
        lines.append(f"{row.id:4} {row.title:{width}}  {risks}  {row.controls:>8}  {row.evidence:>8}")
    return lines


def known_from(questionnaire, cases, root: Path) -> Known:
    """What the published questionnaire and the development cases offer the log's controls to name."""
    from guide import vignettes  # here, so this module stays importable without Django set up

    catalogue = questionnaire.catalogue
    results = {case.id: vignettes.run_one(catalogue, case) for case in cases}
    files = frozenset(
        str(path.relative_to(root)) for folder in ["guide", "templates"] for path in (root / folder).rglob("*")
    )
    return Known(
        questions=frozenset(question.slug for question in catalogue.questions),
        answers=frozenset((question.slug, value) for question in catalogue.questions for value in question.options),
        rules=frozenset(rule.slug for rule in catalogue.rules),
        routes=frozenset(route.slug for route in catalogue.routes),
        signs=frozenset(rule.sign for rule in catalogue.rules) | frozenset(_published_signs()),
        files=files,
        vignettes={case_id: result.outcome for case_id, result in results.items()},
        given={
            case_id: frozenset(
                (slug, value)
                for slug, values in vignettes.answer(catalogue, result.vignette)[0].items()
                for value in values
            )
            for case_id, result in results.items()
        },
        signs_of={
            case_id: frozenset(
                reason.rule.sign
                for reason in result.outcome.reasons
                if not reason.unanswered and reason.tier == result.tier
            )
            for case_id, result in results.items()
        },
    )


def _published_signs() -> list[str]:
    from guide.models import WarningSign

    return list(WarningSign.objects.published().values_list("slug", flat=True))
