"""The table of blind rounds (evals/blind/rounds.yaml) names sets that exist, and a step or round it does not know is
refused with the valid names."""

from __future__ import annotations

import pytest

from evals.blind_round import BLIND, main, rounds


def test_every_round_names_sets_that_exist() -> None:
    for name, r in rounds().items():
        for s in [*r["panels"], *r["redteams"]]:
            assert (BLIND / f"{s}.jsonl").is_file(), (name, s)
        assert (BLIND / f"graded_{name}").is_dir(), name


@pytest.mark.parametrize(("argv", "says"), [(["x"], "name a round"), (["x", "zz"], "name a round"),
                                            (["x", "w", "graded"], "unknown step")])
def test_an_unknown_round_or_step_is_refused_with_the_valid_names(argv: list[str], says: str) -> None:
    with pytest.raises(SystemExit, match=says):
        main(argv)
