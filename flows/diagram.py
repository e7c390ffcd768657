"""Draw each flow's step table as a Mermaid graph: `python -m flows.diagram` writes
flows/diagrams/<flow>.mmd. tests/flows/test_steps.py fails when a drawing is out of date, so
the pictures always show the tables the router really reads."""

from __future__ import annotations

import sys
from pathlib import Path

from flows.steps import Step

DIAGRAMS = Path(__file__).resolve().parent / "diagrams"


def mermaid(flow: str, steps: dict[str, Step]) -> str:
    lines = [
        f"%% {flow}: drawn by `python -m flows.diagram` from flows/{flow}.py STEPS",
        "flowchart TD",
    ]
    for name, step in steps.items():
        own = ", ".join(sorted(step.own_intents))
        note = f"expects {step.expects}" + (f"<br/>owns {own}" if own else "")
        shape = ("{{", "}}") if step.confirm else ("[", "]")
        lines.append(f'    {name}{shape[0]}"{name}<br/><small>{note}</small>"{shape[1]}')
    for name, step in steps.items():
        for nxt in step.next:
            target = nxt.replace(".", "_")
            lines.append(f"    {name} --> {target}")
        if step.skip is not None:
            lines.append(f"    {name} -. skip .-> {name}_skip((skip))")
    return "\n".join(lines) + "\n"


def drawings() -> dict[str, str]:
    from flows import router

    return {flow: mermaid(flow, module.STEPS) for flow, module in router.FLOWS.items()}


def main() -> int:
    DIAGRAMS.mkdir(exist_ok=True)
    for flow, text in drawings().items():
        (DIAGRAMS / f"{flow}.mmd").write_text(text, encoding="utf-8")
        print(f"wrote flows/diagrams/{flow}.mmd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
