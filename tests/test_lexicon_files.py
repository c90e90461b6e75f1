"""The lexicon files themselves: every YAML file parses, and no key is given twice (YAML keeps the
last silently, so a second list under the same name would replace the first)."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

YAML_FILES = sorted(p.name for p in resources.files("pipeline").joinpath("lexicon").iterdir()
                    if p.name.endswith(".yaml"))


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


@pytest.mark.parametrize("name", YAML_FILES)
def test_no_key_is_given_twice(name):
    text = resources.files("pipeline").joinpath("lexicon", name).read_text(encoding="utf-8")
    assert yaml.load(text, Loader=_UniqueKeyLoader) is not None


def test_the_lexicon_folder_has_yaml_files():
    assert "dates.yaml" in YAML_FILES and len(YAML_FILES) >= 5
