"""Analysis in several processes and on a Dask cluster gives the results of a local run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.analysis.themes import load_taxonomy
from briefing.config import Settings
from briefing.errors import ConfigError
from briefing.incremental import analyse_articles
from briefing.ingest import ingest
from briefing.pipeline import build
from briefing.records import Article, ArticleAnalysis
from briefing.records_json import analysis_to_dict


def _articles(samples: Path, settings: Settings) -> list[Article]:
    articles = ingest([samples], settings.ingest).articles
    return [a for a in articles if a.duplicate_of is None]


def _run(articles: list[Article], settings: Settings, **update: Any) -> list[ArticleAnalysis]:
    sections = {name: getattr(settings, name).model_copy(update=values) for name, values in update.items()}
    configured = settings.model_copy(update=sections)
    return list(analyse_articles(articles, configured, load_taxonomy(configured.themes.file)))


def _plain(results: list[ArticleAnalysis]) -> list[tuple[str, dict[str, Any]]]:
    return [(r.article.id, analysis_to_dict(r)) for r in results]


@pytest.fixture(scope="module")
def local(samples: Path) -> tuple[list[Article], list[tuple[str, dict[str, Any]]]]:
    from briefing.config import load_settings

    settings = load_settings(overrides={"brief": {"today": "2022-02-08"}})
    articles = _articles(samples, settings)
    return articles, _plain(_run(articles, settings))


def test_two_processes_give_the_local_results(local: Any, settings: Settings) -> None:
    articles, expected = local
    results = _run(articles, settings, model={"jobs": 2})
    assert [r.article for r in results] == articles  # in order, attached to the same articles
    assert _plain(results) == expected
    assert sum(len(r.quotes) for r in results) > 0


def test_a_dask_cluster_gives_the_local_results(local: Any, settings: Settings) -> None:
    distributed = pytest.importorskip("dask.distributed")
    articles, expected = local
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    ) as cluster:
        results = _run(articles, settings, executor={"kind": "dask", "scheduler": cluster.scheduler_address})
    assert _plain(results) == expected


def test_dask_without_a_scheduler_is_a_user_error(local: Any, settings: Settings) -> None:
    pytest.importorskip("dask.distributed")
    articles, _ = local
    with pytest.raises(ConfigError, match="scheduler"):
        _run(articles[:1], settings, executor={"kind": "dask", "scheduler": ""})


def test_jobs_do_not_change_the_brief_fingerprint(settings: Settings) -> None:
    from briefing.keys import fingerprint

    parallel = settings.model_copy(update={"model": settings.model.model_copy(update={"jobs": 4})})
    assert fingerprint([], [], settings, None) == fingerprint([], [], parallel, None)


def test_a_parallel_build_stores_every_analysis(tmp_path: Path, samples: Path, settings: Settings) -> None:
    from briefing.pipeline import store_path
    from briefing.store import open_store

    configured = settings.model_copy(
        update={
            "model": settings.model.model_copy(update={"jobs": 2}),
            "render": settings.render.model_copy(update={"formats": ["json"]}),
        }
    )
    out = tmp_path / "out"
    result = build([samples], out, configured)
    assert result.brief is not None and result.analysed
    with open_store(store_path(out, configured)) as store:
        assert store.count()["analyses"] == len(result.analysed)


def test_local_chunks_keep_the_order_and_shrink_towards_the_end() -> None:
    from briefing.analysis.parallel import _chunks

    items: list[Any] = list(range(1000))
    chunks = _chunks(items, 16, 2)
    assert [i for c in chunks for i in c] == items
    sizes = [len(c) for c in chunks]
    assert max(sizes) == 16 and sizes == sorted(sizes, reverse=True) and sizes[-1] == 1
    assert [len(c) for c in _chunks(items[:40], 16)] == [16, 16, 8]  # Dask: fixed chunks
