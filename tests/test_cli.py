import json

from click.testing import CliRunner

from proxygraph.cli.main import COMMANDS, group


def test_every_command_has_help():
    runner = CliRunner()
    result = runner.invoke(group, ["--help"])
    assert result.exit_code == 0
    listed = group.list_commands(None)
    assert {"ingest", "demo", "entities", "show", "claims"} <= set(listed)
    for name in listed:
        r = runner.invoke(group, [name, "--help"])
        assert r.exit_code == 0, name
        assert "Usage:" in r.output and name in r.output
    assert set(listed) <= set(COMMANDS)


def test_ingest_names_bad_files_keeps_going_and_exits_nonzero(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Iran arms the Houthis.", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x00binary")
    db = tmp_path / "g.db"
    runner = CliRunner()
    r = runner.invoke(group, ["ingest", str(src), "--db", str(db), "--no-progress"])
    assert r.exit_code == 1
    assert "bad.txt" in r.output and "binary" in r.output
    assert "1 new document(s)" in r.output
    r = runner.invoke(group, ["claims", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0
    (c,) = json.loads(r.output)
    assert (c["subject"]["name"], c["predicate"], c["object"]["name"]) == ("Iran", "arms", "Ansar Allah")


def test_show_and_claims_formats(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("IRGC-QF commander Qasem Soleimani visited Baghdad.", encoding="utf-8")
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    assert runner.invoke(group, ["ingest", str(src), "--db", db, "--no-progress"]).exit_code == 0
    r = runner.invoke(group, ["show", "Qods Force", "--db", db])
    assert r.exit_code == 0
    assert "Quds Force  (ORG)" in r.output and "Q1207914" in r.output
    assert "<- Qassem Soleimani" in r.output and "IRGC-QF commander Qasem Soleimani visited Baghdad." in r.output
    r = runner.invoke(group, ["claims", "--db", db, "--format", "csv"])
    assert r.output.splitlines()[0].startswith("subject,predicate,object")
    assert "Qassem Soleimani,leads,Quds Force" in r.output
    r = runner.invoke(group, ["show", "Nobody Atall", "--db", db])
    assert r.exit_code != 0
