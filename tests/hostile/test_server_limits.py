"""The endpoint under pressure: traversal, CORS, body size, and a burst of concurrent queries."""

from __future__ import annotations

import json
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from ..test_server import endpoint, request

__all__ = ["endpoint"]


def test_no_path_reaches_files_beyond_the_built_pages(endpoint: str) -> None:
    for path in (
        "../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "map/../../etc/passwd",
        "..%2Fgraph.ttl",
        "graph.ttl",
        "static/",
    ):
        status, _, body = request(endpoint + path)
        assert status == 404, path
        assert "root:" not in body


def test_no_cross_origin_headers_are_sent(endpoint: str) -> None:
    import urllib.error
    import urllib.request

    query = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(f"{endpoint}sparql?{query}", headers={"Origin": "http://evil"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=10)
    refused.value.close()
    assert refused.value.code == 403
    assert refused.value.headers.get("Access-Control-Allow-Origin") is None


def test_a_request_body_past_the_cap_is_refused(endpoint: str) -> None:
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 1_100_000
    status, _, _ = request(f"{endpoint}sparql", body, {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_a_burst_of_concurrent_queries_is_answered_correctly(endpoint: str) -> None:
    queries = [
        ("SELECT (COUNT(?t) AS ?n) WHERE { ?t a pk:Task }", "31"),
        ("SELECT (COUNT(?o) AS ?n) WHERE { ?o a org:OrganizationalUnit }", "22"),
        (
            'SELECT (COUNT(?t) AS ?n) WHERE { ?o skos:prefLabel "基教处"@zh .'
            " ?t pk:responsibleParty ?o }",
            "12",
        ),
    ] * 12

    def ask(item: tuple[str, str]) -> bool:
        status, _, body = request(f"{endpoint}sparql?{urllib.parse.urlencode({'query': item[0]})}")
        return status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == item[1]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, queries))
    assert answers == [True] * len(queries)
    assert request(f"{endpoint}sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}")[0] == 200
