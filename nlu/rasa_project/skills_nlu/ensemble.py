"""A Rasa 3.6 intent classifier that mixes DIET's ranking with a character n-gram logistic
regression trained on the same examples (the mix itself is `nlu.ensemble.mix`, pure and tested
in the app's test suite). Runs in the Rasa venv (Python 3.10, scikit-learn 1.1).

Place it after DIETClassifier and before FallbackClassifier: it replaces `intent` and
`intent_ranking` with the mixed ones, so the fallback judges the mixed confidence.
"""

from __future__ import annotations

import pickle
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

from nlu.ensemble import C, RANKING_LENGTH, WEIGHT, mix

_FILE = "char_ngram_lr.pkl"


def _pipeline(c: float) -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True),
    )
    return Pipeline([("features", features), ("lr", LogisticRegression(C=c, max_iter=2000))])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CharNgramEnsemble(IntentClassifier, GraphComponent):
    """DIET's ranking mixed with a character n-gram logistic regression."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": WEIGHT, "C": C, "ranking_length": RANKING_LENGTH}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Pipeline] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CharNgramEnsemble":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        texts = [str(e.get("text")).lower() for e in examples]
        labels = [str(e.get("intent")) for e in examples]
        if len(set(labels)) < 2:
            return self._resource
        self.model = _pipeline(float(self.config["C"]))
        self.model.fit(texts, labels)
        with self._model_storage.write_to(self._resource) as model_dir:
            # our own model, written and read only by this component inside the model file
            (model_dir / _FILE).write_bytes(pickle.dumps(self.model))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "CharNgramEnsemble":
        try:
            with model_storage.read_from(resource) as model_dir:
                model = pickle.loads((model_dir / _FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            model = None  # untrained (no examples): DIET's answer passes through unchanged
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [str(m.get("text") or "").lower() for m in messages]
        probs = self.model.predict_proba(texts)
        classes = [str(c) for c in self.model.classes_]
        for i, (message, row) in enumerate(zip(messages, probs)):
            if not texts[i].strip():
                continue
            diet = [
                (str(r.get("name")), float(r.get("confidence") or 0.0))
                for r in (message.get("intent_ranking") or [])
            ]
            ranked = mix(
                diet,
                dict(zip(classes, (float(p) for p in row))),
                float(self.config["weight"]),
                int(self.config["ranking_length"]),
            )
            if not ranked:
                continue
            ranking = [{"name": n, "confidence": c} for n, c in ranked]
            message.set("intent", ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages
