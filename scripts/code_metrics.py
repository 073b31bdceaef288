#!/usr/bin/env python3
"""The size of the code, measured the same way for everyone (issue 14's limits):

- source files over 500 lines (migrations aside);
- functions over 60 lines, or of cyclomatic complexity over 15 (McCabe's count: one, plus
  one per branch, loop, handler, comprehension, boolean operator and match case);
- the share of functions with a return annotation (at least 95 %);
- function length p50 / p90 / max.

    python3 scripts/code_metrics.py [PATH ...]          # prints the figures
    python3 scripts/code_metrics.py --check [PATH ...]  # and fails past a limit

`make test` runs the check on tremplin/.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15
MIN_ANNOTATED = 0.95

BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.IfExp,
    ast.ExceptHandler,
    ast.Assert,
    ast.comprehension,
    ast.match_case,
)


def complexity(function: ast.AST) -> int:
    count = 1
    for node in ast.walk(function):
        if isinstance(node, BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
    return count


@dataclass
class Figures:
    big_files: list[tuple[int, str]] = field(default_factory=list)
    long_functions: list[tuple[int, str]] = field(default_factory=list)
    complex_functions: list[tuple[int, str]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    file_lines: list[tuple[int, str]] = field(default_factory=list)
    annotated: int = 0

    @property
    def functions(self) -> int:
        return len(self.lengths)

    @property
    def annotated_share(self) -> float:
        return self.annotated / self.functions if self.functions else 1.0


def measure(paths: list[Path]) -> Figures:
    figures = Figures()
    for root in paths:
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            if "migrations" in path.parts:
                continue
            source = path.read_text()
            lines = source.count("\n")
            figures.file_lines.append((lines, str(path)))
            if lines > MAX_FILE_LINES:
                figures.big_files.append((lines, str(path)))
            for node in ast.walk(ast.parse(source, str(path))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                figures.lengths.append(length)
                figures.annotated += node.returns is not None
                where = f"{path}:{node.lineno} {node.name}"
                if length > MAX_FUNCTION_LINES:
                    figures.long_functions.append((length, where))
                if (score := complexity(node)) > MAX_COMPLEXITY:
                    figures.complex_functions.append((score, where))
    return figures


def report(figures: Figures) -> list[str]:
    sizes = sorted(n for n, _path in figures.file_lines) or [0]
    largest = max(figures.file_lines, default=(0, "-"))
    print(
        f"source files: {len(figures.file_lines)}, lines: p50 {statistics.median(sizes):.0f}, "
        f"p90 {sizes[int(0.9 * (len(sizes) - 1))]}, max {largest[0]} ({largest[1]})"
    )
    deciles = statistics.quantiles(figures.lengths, n=10) if len(figures.lengths) > 1 else [0] * 9
    print(
        f"functions: {figures.functions}, with a return annotation: {figures.annotated_share:.1%}"
    )
    print(
        f"function length (lines): p50 {statistics.median(figures.lengths or [0]):.0f}, "
        f"p90 {deciles[8]:.0f}, max {max(figures.lengths or [0])}"
    )
    problems = [f"{n} lines: {where}" for n, where in sorted(figures.big_files)]
    problems += [f"function of {n} lines: {where}" for n, where in sorted(figures.long_functions)]
    problems += [
        f"function of complexity {n}: {where}" for n, where in sorted(figures.complex_functions)
    ]
    if figures.annotated_share < MIN_ANNOTATED:
        problems.append(f"only {figures.annotated_share:.1%} of functions are annotated")
    print(
        f"files over {MAX_FILE_LINES} lines: {len(figures.big_files)}; functions over "
        f"{MAX_FUNCTION_LINES} lines: {len(figures.long_functions)}; over complexity "
        f"{MAX_COMPLEXITY}: {len(figures.complex_functions)}"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("tremplin")])
    parser.add_argument("--check", action="store_true", help="fail past a limit")
    args = parser.parse_args()
    problems = report(measure(args.paths))
    for problem in problems:
        print("  -", problem)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
