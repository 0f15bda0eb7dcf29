"""Scoring decisions: pair gold and output decisions one-to-one within each paper, then
score every field the gold gives.

Pairing, in three passes over the decisions still unpaired:

1. **reference**: the gold's printed reference (``decision_number``, else ``reference``)
   equals the record's (``reference``, else ``minute``, ``decision_number_text``,
   ``decision_number``) after normalisation; where several share one reference (a minute
   number printed over three items) the most similar subjects pair first, then the
   nearest in order;
2. **subject**: subject similarity at least :data:`~pipeline.evaluate.compare.SUBJECT_PAIR`,
   most similar first;
3. **order**: the rest in order (gold in file order, output in text order), skipping an
   output whose printed reference differs from the gold's.

A gold decision left unpaired is *missed* (every field it gives scores wrong); an output
decision left unpaired in a scored paper is *invented*.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.evaluate.compare import (
    SUBJECT_CORRECT,
    SUBJECT_PAIR,
    call_in_value,
    clean_reference,
    normalise_text,
    same_role_name,
    same_text,
    subject_similarity,
)
from pipeline.evaluate.gold import DECISION_FIELDS, GoldDecision
from pipeline.evaluate.locate import find_phrase, line_around
from pipeline.evaluate.models import (
    DecisionInvented,
    DecisionMiss,
    DecisionPair,
    DecisionScore,
    FieldError,
    PaperDecisions,
    Tally,
    ratio,
)
from pipeline.evaluate.outputs import DecisionView, OutputFolder

Pairing = list[tuple[int, int, str]]
"""(gold position, output position, how) for each pair, positions within the paper."""


def _conflict(gold: GoldDecision, output: DecisionView) -> bool:
    ours, theirs = clean_reference(gold.printed_reference), clean_reference(output.printed_reference)
    return ours is not None and theirs is not None and ours != theirs


def pair_decisions(gold: list[GoldDecision], output: list[DecisionView]) -> Pairing:
    """Pair one paper's gold decisions with its output decisions, one-to-one (see module doc)."""
    free_gold, free_out = set(range(len(gold))), set(range(len(output)))
    pairs: Pairing = []
    similarity = {
        (g, o): subject_similarity(gold[g].subject, output[o].subject)
        for g in free_gold
        for o in free_out
    }

    def greedy(candidates: list[tuple[int, int]], how: str) -> None:
        ranked = sorted(candidates, key=lambda go: (-similarity[go], abs(go[0] - go[1]), go))
        for g, o in ranked:
            if g in free_gold and o in free_out:
                pairs.append((g, o, how))
                free_gold.discard(g)
                free_out.discard(o)

    greedy(
        [
            (g, o)
            for (g, o) in similarity
            if clean_reference(gold[g].printed_reference) is not None
            and clean_reference(gold[g].printed_reference) == clean_reference(output[o].printed_reference)
        ],
        "reference",
    )
    greedy([(g, o) for (g, o), s in similarity.items() if s >= SUBJECT_PAIR and g in free_gold and o in free_out], "subject")
    for g in sorted(free_gold):
        for o in sorted(free_out):
            if not _conflict(gold[g], output[o]):
                pairs.append((g, o, "order"))
                free_gold.discard(g)
                free_out.discard(o)
                break
    return sorted(pairs)


def _verbs(output: DecisionView) -> list[str]:
    return [(r.verb or "").upper() for r in output.resolutions]


_OUTPUT_VALUE: dict[str, Callable[[DecisionView], Any]] = {
    "decision_number": lambda d: d.printed_reference,
    "reference": lambda d: d.printed_reference,
    "status": lambda d: d.status,
    "decision_maker": lambda d: d.decision_maker,
    "decision_maker_name": lambda d: d.decision_maker_name,
    "key_decision": lambda d: d.key_decision,
    "decision_date": lambda d: d.decision_date,
    "subject": lambda d: d.subject,
    "resolution_count": lambda d: len(d.resolutions),
    "resolution_verbs": _verbs,
    "date_published": lambda d: d.date_published,
    "effective_from": lambda d: d.effective_from,
    "call_in": lambda d: d.call_in,
    "wards": lambda d: d.electoral_divisions,
}
"""How each gold field is read off an output record (wards -> electoral_divisions)."""


def field_right(name: str, gold_value: Any, output_value: Any) -> bool:
    """Whether one output field agrees with the gold (the rules in the module doc and README)."""
    if name in ("decision_number", "reference"):
        return clean_reference(gold_value) == clean_reference(output_value)
    if name == "decision_maker":
        return same_role_name(gold_value, output_value)
    if name == "decision_maker_name":
        return same_text(gold_value, output_value)
    if name == "subject":
        if gold_value is None or output_value is None:
            return gold_value is None and output_value is None
        return subject_similarity(gold_value, output_value) >= SUBJECT_CORRECT
    if name == "resolution_verbs":
        return [v.upper() for v in gold_value or []] == list(output_value or [])
    if name == "call_in":
        return call_in_value(gold_value) == output_value
    if name == "wards":
        return sorted(normalise_text(w) for w in gold_value or []) == sorted(
            normalise_text(w) for w in output_value or []
        )
    return bool(gold_value == output_value)


def score_decisions(
    gold: list[GoldDecision], papers: list[str], output: OutputFolder
) -> DecisionScore:
    """Pair and score the gold decisions of ``papers`` (the scored gold papers)."""
    score = DecisionScore()
    fields = {name: Tally() for name in DECISION_FIELDS}
    indexed = list(enumerate(gold))
    for doc_id in papers:
        gold_here = [(i, d) for i, d in indexed if d.doc_id == doc_id]
        out_here = output.decisions.get(doc_id, [])
        paper = PaperDecisions(gold=len(gold_here), output=len(out_here))
        tally = Tally()
        pairs = pair_decisions([d for _, d in gold_here], out_here)
        paired_gold = {g: (o, how) for g, o, how in pairs}
        for g, (index, entry) in enumerate(gold_here):
            record = out_here[paired_gold[g][0]] if g in paired_gold else None
            if record is not None:
                score.pairs.append(
                    DecisionPair(
                        doc_id=doc_id,
                        gold_index=index,
                        gold_subject=entry.subject,
                        output_subject=record.subject,
                        matched_by=paired_gold[g][1],
                    )
                )
            else:
                score.missed_list.append(_miss(doc_id, index, entry, output))
            for name in entry.scored_fields():
                gold_value = getattr(entry, name)
                output_value = _OUTPUT_VALUE[name](record) if record is not None else None
                right = record is not None and field_right(name, gold_value, output_value)
                fields[name].add(right)
                tally.add(right)
                if record is not None and not right:
                    source = record.source
                    score.field_errors.append(
                        FieldError(
                            doc_id=doc_id,
                            page=source.page if source else None,
                            quote=source.quote if source else None,
                            gold_index=index,
                            gold_subject=entry.subject,
                            field=name,
                            gold=gold_value,
                            output=output_value,
                        )
                    )
        used = {o for _, o, _ in pairs}
        for o, record in enumerate(out_here):
            if o not in used:
                score.invented_list.append(
                    DecisionInvented(
                        doc_id=doc_id,
                        page=record.source.page if record.source else None,
                        quote=record.source.quote if record.source else None,
                        subject=record.subject,
                        reference=record.printed_reference,
                        status=record.status,
                    )
                )
        paper.matched = len(pairs)
        paper.missed = paper.gold - paper.matched
        paper.invented = paper.output - paper.matched
        paper.fields_correct, paper.fields_total = tally.correct, tally.total
        paper.field_accuracy = tally.accuracy
        score.per_paper[doc_id] = paper
    correct = sum(t.correct for t in fields.values())
    total = sum(t.total for t in fields.values())
    score.field_accuracy = ratio(correct, total)
    score.fields = {name: t.to_json() for name, t in fields.items() if t.total}
    for paper in score.per_paper.values():
        score.gold += paper.gold
        score.output += paper.output
        score.matched += paper.matched
        score.missed += paper.missed
        score.invented += paper.invented
    return score


def _miss(doc_id: str, index: int, entry: GoldDecision, output: OutputFolder) -> DecisionMiss:
    """A missed gold decision, placed where its subject (else its reference) is printed."""
    miss = DecisionMiss(
        doc_id=doc_id, gold_index=index, subject=entry.subject, decision_number=entry.printed_reference
    )
    text = output.text(doc_id)
    if text is None:
        return miss
    reference = clean_reference(entry.printed_reference)
    for phrase in (entry.subject, reference if reference and len(reference) >= 3 else None):
        span = find_phrase(text, phrase) if phrase else None
        if span:
            miss.page = output.page_of(doc_id, span[0])
            miss.quote = line_around(text, *span)
            break
    return miss
