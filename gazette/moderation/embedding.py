"""Sentence embeddings for the moderation phases, offline, on one CPU core.

`embed(texts)` returns one row per text: 384 float32 numbers, L2-normalised, so the dot product of
two rows is their cosine similarity. The default model is the first 3 of the 6 transformer layers
of sentence-transformers/all-MiniLM-L6-v2, exported to ONNX with mean pooling and normalisation
inside the graph, fused and quantised to int8 (`model/export_onnx.py`; licence and provenance in
`model/NOTICE.md`). It needs onnxruntime, tokenizers and numpy; torch is never imported. The rows
are features for the incitement classifier, which separated our evaluation set at least as well
on them as on the full model's; they are not the full model's sentence embeddings (cosine 0.34 on
average to those), and their cosines run high (about 0.5 for unrelated sentences): calibrate
thresholds and refit classifiers on this file's output, never on another model's.

`SentenceEncoder` loads any such model from paths given to it, so an operator can configure a
heavier ONNX sentence model the same way. The model file and its tokenizer are read once per
encoder, on first use (0.2 to 0.4 s), and the module keeps one default encoder per process.

Cost and the token limit: the model's work grows with the number of tokens, about 0.07 ms of one
core per token on the reference machine (a 2-core AMD EPYC VM with AVX2, no VNNI; `bench/embedding.py`
prints the figures), so a comment is read as at most `DEFAULT_MAX_TOKENS` tokens (40, special
tokens included): when it has more, its first 19 and its last 19, so a threat at the end of a long
civil comment is still read, and the middle of a comment longer than about 30 words is not
(up to 448 characters, more than half of it; longer comments are read in pieces). A 16-token
comment takes about 1.0 ms, a 32-token one 2.1 ms; 48 tokens (the limit until December 2026)
took 3.2 ms and put the pipeline's p99 at the 5 ms budget on a busy stretch of the shared
machine; the encoder fine-tuned at 40 scored the evaluation set at least as well (ROC AUC). The
classifier reads a comment longer than about 80 words in pieces (`classifier.pieces`).

Texts are run one at a time, never in a padded batch: the int8 model quantises its activations
per tensor at run time, so a row of a batch would depend on the other rows (by up to 0.02 on this
model), and one comment's score must not depend on which comments were checked with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

MODEL_DIRECTORY = Path(__file__).resolve().parent / "model"
DEFAULT_MODEL_PATH = MODEL_DIRECTORY / "minilm-l6-v2-3layer-incitement-int8.onnx"
DEFAULT_TOKENIZER_PATH = MODEL_DIRECTORY / "tokenizer.json"
DEFAULT_MAX_TOKENS = 40

# English averages under 5 characters a token: the prefix and suffix tokenised for a long text
# start at this many characters a token, and are widened by _WIDENING while they fall short.
_CHARACTERS_PER_TOKEN = 6
_WIDENING = 4


class SentenceEncoder:
    """An ONNX sentence-embedding model and its Hugging Face `tokenizer.json`.

    The model takes `input_ids` and `attention_mask` (and `token_type_ids`, if it declares it,
    fed zeros) and returns, as its first output or `output_name`, either sentence embeddings
    (batch x dimensions) or token embeddings (batch x tokens x dimensions), which are
    mean-pooled. Rows are L2-normalised either way. `max_tokens` counts the special tokens and
    must not exceed the model's position limit (512 for BERT-like models). Padding and
    truncation saved in the tokenizer file are replaced by our own.
    """

    def __init__(
        self,
        model_path: str | Path,
        tokenizer_path: str | Path,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        *,
        output_name: str | None = None,
    ) -> None:
        if max_tokens < 2:
            raise ValueError("max_tokens must leave room for the two special tokens.")
        self.model_path = Path(model_path)
        self.tokenizer_path = Path(tokenizer_path)
        self.max_tokens = max_tokens
        self.output_name = output_name
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SentenceEncoder({str(self.model_path)!r}, max_tokens={self.max_tokens})"

    @property
    def session(self) -> onnxruntime.InferenceSession:
        return self._load().session

    @property
    def tokenizer(self) -> Tokenizer:
        return self._load().tokenizer

    @property
    def dimensions(self) -> int:
        outputs = self.session.get_outputs()
        output = next((o for o in outputs if o.name == self.output_name), outputs[0])
        width = output.shape[-1]
        return width if isinstance(width, int) else self.encode([""]).shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of len(texts) L2-normalised rows. A str is refused: wrap it."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one str.")
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._encode_one(text) for text in texts])

    def _load(self) -> _Loaded:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = _Loaded.read(
                        self.model_path, self.tokenizer_path, self.max_tokens
                    )
        return self._loaded

    def token_ids(self, text: str) -> list[int]:
        """The ids the model reads for `text`: all its tokens when they fit in `max_tokens`, else
        its first and last tokens (half the budget each, the head one more when it is odd), so a
        threat at the end of a long comment is still read. Special tokens included."""
        tokenizer = self._load().tokenizer
        text = _encodable(text)
        lead, trail = self._load().special_ids
        content = self.max_tokens - len(lead) - len(trail)
        tail_count = content // 2
        head_count = content - tail_count
        window = content * _CHARACTERS_PER_TOKEN
        if len(text) <= 2 * window:
            ids = tokenizer.encode(text, add_special_tokens=False).ids
            head, tail = ids[:head_count], ids[head_count:][-tail_count:] if tail_count else []
        else:
            # Tokenising a whole 5,000-character comment costs more than the model's share for a
            # short one: only a prefix and a suffix likely to hold enough tokens are tokenised,
            # widened while they fall short, up to half the text each.
            half = len(text) // 2
            head = _tokens(tokenizer, text, head_count, window, half, _prefix)[:head_count]
            tail = _tokens(tokenizer, text, tail_count, window, half, _suffix)
            tail = tail[-tail_count:] if tail_count else []
        return [*lead, *head, *tail, *trail]

    def _encode_one(self, text: str) -> np.ndarray:
        loaded = self._load()
        input_ids = np.array([self.token_ids(text)], dtype=np.int64)
        feed = {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}
        if "token_type_ids" in loaded.input_names:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        output_names = None if self.output_name is None else [self.output_name]
        output = np.asarray(loaded.session.run(output_names, feed)[0], dtype=np.float32)
        vector = output[0].mean(axis=0) if output.ndim == 3 else output[0]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector


@dataclass(frozen=True)
class _Loaded:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer
    input_names: frozenset[str]
    special_ids: tuple[list[int], list[int]]  # before and after the text's own tokens

    @classmethod
    def read(cls, model_path: Path, tokenizer_path: Path, max_tokens: int) -> _Loaded:
        # Imported here so that importing this module (Django start-up, commands) stays cheap.
        import onnxruntime
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.no_padding()
        tokenizer.no_truncation()  # token_ids() keeps the head and the tail itself
        # The template's special tokens ([CLS] ... [SEP] for BERT): the ones before the text are
        # those that come before it in the encoding of a one-word text.
        specials = tokenizer.encode("").ids
        word = tokenizer.encode("a")
        before = word.special_tokens_mask.index(0) if 0 in word.special_tokens_mask else 0
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        input_names = frozenset(i.name for i in session.get_inputs())
        return cls(session, tokenizer, input_names, (specials[:before], specials[before:]))


def _encodable(text: str) -> str:
    """The text, with lone surrogates (JSON can carry them) replaced: the tokenizer refuses them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _prefix(text: str, length: int) -> str:
    """The first `length` characters, ending at a space when one is near, so no word is split."""
    space = text.rfind(" ", length // 2, length)
    return text[:space] if space > 0 else text[:length]


def _suffix(text: str, length: int) -> str:
    """The last `length` characters, starting after a space when one is near."""
    start = len(text) - length
    space = text.find(" ", start, start + length // 2)
    return text[space + 1 :] if space >= 0 else text[start:]


def _tokens(
    tokenizer: Tokenizer, text: str, count: int, window: int, half: int, cut: Callable
) -> list[int]:
    """The ids of `cut(text, size)`, widening size from `window` until it holds `count` tokens or
    reaches half the text."""
    size = window
    while True:
        ids = tokenizer.encode(cut(text, min(size, half)), add_special_tokens=False).ids
        if len(ids) >= count or size >= half:
            return ids
        size *= _WIDENING


_default_encoder = SentenceEncoder(DEFAULT_MODEL_PATH, DEFAULT_TOKENIZER_PATH, DEFAULT_MAX_TOKENS)


def default_encoder() -> SentenceEncoder:
    """The process's encoder for the bundled model; it loads on first use, once."""
    return _default_encoder


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed `texts` with the bundled model: a (len(texts), 384) float32 array, rows of norm 1."""
    return _default_encoder.encode(texts)
