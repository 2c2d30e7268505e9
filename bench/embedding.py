"""Latency of the moderation sentence embedding, one comment at a time on one core.

Embeds a seeded mix of comments one by one, as the posting path does: short ones (a few words to
a few sentences) and 5,000-character ones (English, and one in five in Chinese, where each
character is a token). Prints p50/p99 per comment for the mix and for each kind, the load time,
the resident memory after loading, and the p50/p99 of a 5,000-character comment for other token
limits than the default, to show what the limit costs.

    .venv/bin/python bench/embedding.py [--comments 400]

onnxruntime runs on one thread whatever the machine has. Wall time includes waiting for the core
when other work runs; CPU time (of the calling thread, where onnxruntime runs) does not.
"""

import argparse
import random
import resource
import statistics
import time

from gazette.moderation.embedding import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL_PATH,
    DEFAULT_TOKENIZER_PATH,
    SentenceEncoder,
)

SENTENCES = [
    "The council voted again to cut the library's opening hours.",
    "Thanks for covering this, nobody else did.",
    "Both armies publish what they want the other side to read.",
    "My cousin in the north says the shelling stopped around four.",
    "This bill will kill small businesses in our town.",
    "Someone should make sure he never writes another word.",
    "Vote them all out in November, every single one.",
    "The ceasefire held for two days before the next counterattack.",
    "I have read this paper for thirty years and this is the worst piece yet.",
    "Where does the money for the new stadium come from?",
]
CHINESE = "市议会再次投票削减图书馆的开放时间，这对依赖图书馆上网的家庭伤害很大。"


def short_comment(rng: random.Random) -> str:
    return " ".join(rng.choices(SENTENCES, k=rng.randint(1, 4)))


def long_comment(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return (CHINESE * 200)[:5000]
    text = ""
    while len(text) < 5000:
        text += rng.choice(SENTENCES) + " "
    return text[:5000]


def percentiles(timings: list[tuple[float, float]]) -> str:
    wall = statistics.quantiles([w for w, _ in timings], n=100, method="inclusive")
    cpu = statistics.quantiles([c for _, c in timings], n=100, method="inclusive")
    return (
        f"wall p50 {wall[49]:6.2f} p99 {wall[98]:6.2f} ms | "
        f"cpu p50 {cpu[49]:6.2f} p99 {cpu[98]:6.2f} ms (n={len(timings)})"
    )


def time_each(encoder: SentenceEncoder, texts: list[str]) -> list[tuple[float, float]]:
    """Wall and CPU milliseconds per comment; onnxruntime runs on the calling thread."""
    timings = []
    for text in texts:
        wall, cpu = time.perf_counter(), time.thread_time()
        encoder.encode([text])
        timings.append(((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=400)
    arguments = parser.parse_args()
    rng = random.Random(20260101)

    encoder = SentenceEncoder(DEFAULT_MODEL_PATH, DEFAULT_TOKENIZER_PATH, DEFAULT_MAX_TOKENS)
    start = time.perf_counter()
    encoder.encode(["warm up"])
    print(f"load and first comment: {(time.perf_counter() - start) * 1000:.0f} ms")
    print(
        f"resident memory after loading: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )

    kinds = ["short" if rng.random() < 0.8 else "long" for _ in range(arguments.comments)]
    texts = [short_comment(rng) if kind == "short" else long_comment(rng) for kind in kinds]
    time_each(encoder, texts[:20])
    timings = time_each(encoder, texts)
    print(f"\nmax_tokens={DEFAULT_MAX_TOKENS}, one comment at a time, one thread")
    print(
        f"  all ({kinds.count('short')} short, {kinds.count('long')} of 5,000 characters): {percentiles(timings)}"
    )
    for kind in ("short", "long"):
        chosen = [t for t, k in zip(timings, kinds, strict=True) if k == kind]
        print(f"  {kind:5s}: {percentiles(chosen)}")

    tokens = [len(encoder.token_ids(t)) for t in texts if len(t) < 5000]
    print(f"  short comments: {statistics.median(tokens):.0f} tokens median, {max(tokens)} at most")

    print("\n5,000-character comments by token limit:")
    long_texts = [long_comment(rng) for _ in range(60)]
    for max_tokens in (16, 32, 48, 64, 96, 128):
        other = SentenceEncoder(DEFAULT_MODEL_PATH, DEFAULT_TOKENIZER_PATH, max_tokens)
        time_each(other, long_texts[:5])
        print(f"  max_tokens={max_tokens:3d}: {percentiles(time_each(other, long_texts))}")


if __name__ == "__main__":
    main()
