"""The evaluation command: `python -m evals --cases FILE [--json OUT]`."""
