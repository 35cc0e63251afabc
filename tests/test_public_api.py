import types

import journeymap


def test_all_lists_every_public_name_and_only_those() -> None:
    public = {
        name
        for name, value in vars(journeymap).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(journeymap.__all__) == public
    assert journeymap.__all__ == sorted(journeymap.__all__)
