"""How far a second person agrees with held-out sets C and D, and where the app stands.

    .venv/bin/python benchmarks/nlu_agreement.py [--rasa http://127.0.0.1:5005 --token T]

A helper who saw only each set's texts (shuffled, no labels) and the intent list the set's
writer had labelled them again, blind (`tests/heldout_2026_11{c,d}_blind_labels.tsv`). If two
people disagreed about as often as the app misses, the 0.92 target would be out of any model's
reach; if they agree, the app's misses are its own. With --rasa it also reads every text the
way the app does (`understand()`, "not understood" counted as out_of_scope) and prints only
totals, never a text: the sets stay unread.
"""

from __future__ import annotations

import argparse
from datetime import date

from nlu.app_eval import OOS, agreement, read_blind_labels
from nlu.client import NluClient
from nlu.project import BLIND_LABEL_FILES, FRESH_HELDOUT_FILE, NEWEST_HELDOUT_FILE, read_examples
from nlu.understand import understand

SETS = {"C": FRESH_HELDOUT_FILE, "D": NEWEST_HELDOUT_FILE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", help="a running Rasa server's URL, to compare the app too")
    parser.add_argument("--token", default="", help="its auth token")
    args = parser.parse_args()
    client = NluClient(args.rasa, args.token, timeout=10.0) if args.rasa else None
    for name, path in SETS.items():
        examples = read_examples(path)
        labels = read_blind_labels(BLIND_LABEL_FILES[name])
        app = None
        if client is not None:
            app = {}
            for e in examples:
                got = understand(e.text, client, today=date(2026, 11, 26)).intent
                app[e.text] = got if got and got != "nlu_fallback" else OOS
        a = agreement(examples, labels, app)
        print(
            f"set {name} ({len(examples)} messages): blind labeller vs set,"
            f" macro-F1 {a.human_macro_f1:.3f}"
        )
        if a.app_macro_f1 is not None:
            print(
                f"  app vs set {a.app_macro_f1:.3f}, app vs labeller {a.app_vs_human_macro_f1:.3f};"
                f" the app missed {a.app_wrong}, and the labeller chose the app's intent on"
                f" {a.labeller_chose_app} of those"
            )


if __name__ == "__main__":
    main()
