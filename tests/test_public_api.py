import proxygraph


def test_exported_members_exist_and_are_listed():
    for name in proxygraph.__all__:
        assert hasattr(proxygraph, name), name
    public = {n for n in dir(proxygraph) if not n.startswith("_")}
    modules = {"api", "errors", "model", "runner", "store", "resolve", "ingest", "query", "extract", "cli",
               "evaluate", "serve", "export", "parallel"}
    assert public - modules - set(proxygraph.__all__) == set()


def test_error_tree_has_one_root():
    for name in ("ConfigError", "IngestError", "ExtractError", "ResolveError", "StoreError", "QueryError", "ExportError"):
        assert issubclass(getattr(proxygraph, name), proxygraph.ProxygraphError)


def test_api_roundtrip(tmp_path):
    with proxygraph.open(tmp_path / "g.db") as g:
        report = g.ingest(proxygraph.Document(id="x", text="ignored"), )  # a Document must carry its own id
        assert report.documents == 1
        from proxygraph.ingest import make_document

        g.ingest(make_document("Hezbollah trains Kata'ib Hizballah fighters."))
        (c,) = g.claims(predicate="trains")
        assert (c["subject"]["id"], c["object"]["id"]) == ("hezbollah", "kataib-hezbollah")
        assert g.to_networkx().has_edge("hezbollah", "kataib-hezbollah")
