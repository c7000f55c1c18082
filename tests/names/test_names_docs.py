"""The examples in the names modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import docket.names
import docket.names.index


@pytest.mark.parametrize("module", [docket.names, docket.names.index])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
