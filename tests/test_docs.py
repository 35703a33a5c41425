import subprocess
import sys

from tests.conftest import REPO


def test_cli_reference_is_generated_from_help():
    result = subprocess.run([sys.executable, "scripts/gen_cli_docs.py", "--check"], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_readme_starts_with_the_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
