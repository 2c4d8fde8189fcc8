"""Text helpers are called from every thread that serves an answer: the stemmer must give each thread the stem
one thread alone would give (a shared snowball stemmer keeps its current word in itself, so two threads garble
each other's words or fail with IndexError)."""

from __future__ import annotations

import threading

import snowballstemmer

from plainlaw.textutil import stem

THREADS = 8


def test_stems_from_many_threads_at_once_match_one_stemmer_alone() -> None:
    # words no earlier test has stemmed, so every call really runs the stemmer rather than the cache
    words = [f"{prefix}{n}{suffix}" for prefix in ("offend", "images", "shar", "possess")
             for n in range(1500) for suffix in ("ingnesses", "ationally", "fulness")]
    alone = snowballstemmer.stemmer("english")
    expected = {word: alone.stemWord(word) for word in words}
    wrong: list[str] = []
    start = threading.Barrier(THREADS)

    def work(offset: int) -> None:
        start.wait()
        try:
            wrong.extend(w for w in words[offset:] + words[:offset] if stem(w) != expected[w])
        except IndexError as error:  # what a shared stemmer raises when another thread shortened its word
            wrong.append(repr(error))

    threads = [threading.Thread(target=work, args=(i * len(words) // THREADS,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong, wrong[:5]
