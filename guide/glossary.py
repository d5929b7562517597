"""What the guide's own words mean: the evidence grades and the names of the bodies it quotes.

Labels only, like the grade names on Treatment.Evidence: no advice lives here.
"""

from guide.models import Treatment

GRADE_MEANINGS = {
    Treatment.Evidence.RECOMMENDED: "Guidelines advise it for back pain.",
    Treatment.Evidence.OPTION: "Guidelines say it may help some people. The evidence is weaker.",
    Treatment.Evidence.MIXED: "One guideline suggests it and another does not.",
    Treatment.Evidence.UNPROVEN: "No one has tested it well enough to say if it helps.",
    Treatment.Evidence.NOT_RECOMMENDED: "Guidelines advise against it for back pain.",
}

SOURCE_NAMES = [
    ("NICE", "The body that writes health guidelines for doctors in England. NG59 is its guide to back pain."),
    ("ACP", "The American College of Physicians, a group of US doctors. It wrote a guide to back pain in 2017."),
    ("Cochrane review", "A study that pools the results of all the good trials on one question."),
    ("NHS", "The National Health Service. Its website gives advice for the public."),
    ("MHRA", "The UK body that checks medicines are safe. It warns doctors about risks."),
]


def grade_meanings() -> list[tuple[str, str]]:
    """Each grade's label and what it means, in the order of the grades."""
    return [(label, GRADE_MEANINGS[value]) for value, label in Treatment.Evidence.choices]
